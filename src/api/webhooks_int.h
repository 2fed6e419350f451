/* webhooks_int.h: the typed reader of webhook JSON (library-internal, fuzzed). */
HFHUB__API hfhub_result hfhub__webhook_read(hfhub__arena *ar, const hfhub_json_value *v, hfhub_webhook *w);
