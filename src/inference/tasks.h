/* tasks.h: the task methods of InferenceClient (spec inference.md §2.2-§2.8).
 *
 * Each returns an hfhub_inference_result: `json` holds the answer in the hf-inference shape
 * whatever the provider (OpenAI-style embeddings become [[...], ...], a provider's image URL
 * or base64 becomes the image bytes in `body`, a one-element list answer of
 * text_generation / text_classification is unwrapped as Python does). Binary inputs go as
 * the raw body when there are no parameters, else as base64 inside JSON {"inputs": "<b64>",
 * "parameters": {...}} (§2.8); providers that want data URLs (fal-ai, replicate) get
 * "data:<mime>;base64,...". Queue providers (fal-ai queue, replicate without an immediate
 * output, together videos) are polled every poll_interval_ms until done, the poll timeout
 * (HFHUB_ERR_TIMEOUT) or opts->cancel (HFHUB_ERR_CANCELLED). `parameters` in the options is
 * a JSON object of the task's parameters; `extra_body` is merged into the JSON body. */

/* text_generation (TGI shape): json is {"generated_text": ..., "details": ...}. */
HFHUB_API hfhub_result hfhub_text_generation(hfhub_inference *inf, const char *prompt, const hfhub_inference_opts *opts,
                                             hfhub_inference_result **out);
/* Streamed text generation: fn gets each token's text (and the event as JSON); the result
 * holds {"generated_text": ..., "details": ...} of the last event (or the concatenation). */
typedef int (*hfhub_token_fn)(void *user, const char *text, const hfhub_json_value *event);
HFHUB_API hfhub_result hfhub_text_generation_stream(hfhub_inference *inf, const char *prompt,
                                                    const hfhub_inference_opts *opts, hfhub_token_fn fn,
                                                    void *user, hfhub_inference_result **out);

/* Embeddings: rows x dim floats, row-major; free with hfhub_free(client, e). */
typedef struct hfhub_embeddings {
    size_t rows, dim;
    float *data;
} hfhub_embeddings;
HFHUB_API hfhub_result hfhub_feature_extraction(hfhub_inference *inf, const char *const *texts, size_t n,
                                                const hfhub_inference_opts *opts, hfhub_embeddings **out);
/* json: [score, ...] */
HFHUB_API hfhub_result hfhub_sentence_similarity(hfhub_inference *inf, const char *source,
                                                 const char *const *sentences, size_t n,
                                                 const hfhub_inference_opts *opts, hfhub_inference_result **out);

/* Image tasks: body = the image bytes. */
HFHUB_API hfhub_result hfhub_text_to_image(hfhub_inference *inf, const char *prompt, const hfhub_inference_opts *opts,
                                           hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_image_to_image(hfhub_inference *inf, const hfhub_blob *image, const char *prompt,
                                            const hfhub_inference_opts *opts, hfhub_inference_result **out);
/* Video: body = the video bytes (fal-ai queue, together /v2/videos polled, novita, replicate). */
HFHUB_API hfhub_result hfhub_text_to_video(hfhub_inference *inf, const char *prompt, const hfhub_inference_opts *opts,
                                           hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_image_to_video(hfhub_inference *inf, const hfhub_blob *image, const char *prompt,
                                            const hfhub_inference_opts *opts, hfhub_inference_result **out);
/* Audio: ASR json {"text": ...}; TTS body = audio bytes. */
HFHUB_API hfhub_result hfhub_automatic_speech_recognition(hfhub_inference *inf, const hfhub_blob *audio,
                                                          const hfhub_inference_opts *opts,
                                                          hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_text_to_speech(hfhub_inference *inf, const char *text, const hfhub_inference_opts *opts,
                                            hfhub_inference_result **out);

/* Vision with a binary input (hf-inference): json as the spec lists. */
HFHUB_API hfhub_result hfhub_image_classification(hfhub_inference *inf, const hfhub_blob *image,
                                                  const hfhub_inference_opts *opts, hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_object_detection(hfhub_inference *inf, const hfhub_blob *image,
                                              const hfhub_inference_opts *opts, hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_image_segmentation(hfhub_inference *inf, const hfhub_blob *image,
                                                const hfhub_inference_opts *opts, hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_image_to_text(hfhub_inference *inf, const hfhub_blob *image,
                                           const hfhub_inference_opts *opts, hfhub_inference_result **out);
/* candidate_labels go into parameters.candidate_labels (at least 2). */
HFHUB_API hfhub_result hfhub_zero_shot_image_classification(hfhub_inference *inf, const hfhub_blob *image,
                                                            const char *const *labels, size_t n_labels,
                                                            const hfhub_inference_opts *opts,
                                                            hfhub_inference_result **out);

/* Text tasks (hf-inference): {"inputs": text, "parameters": {...}}. */
HFHUB_API hfhub_result hfhub_summarization(hfhub_inference *inf, const char *text, const hfhub_inference_opts *opts,
                                           hfhub_inference_result **out);
/* src_lang and tgt_lang: both or neither (HFHUB_ERR_INVALID_ARG otherwise). */
HFHUB_API hfhub_result hfhub_translation(hfhub_inference *inf, const char *text, const char *src_lang,
                                         const char *tgt_lang, const hfhub_inference_opts *opts,
                                         hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_text_classification(hfhub_inference *inf, const char *text,
                                                 const hfhub_inference_opts *opts, hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_token_classification(hfhub_inference *inf, const char *text,
                                                  const hfhub_inference_opts *opts, hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_fill_mask(hfhub_inference *inf, const char *text, const hfhub_inference_opts *opts,
                                       hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_question_answering(hfhub_inference *inf, const char *question, const char *context,
                                                const hfhub_inference_opts *opts, hfhub_inference_result **out);
HFHUB_API hfhub_result hfhub_zero_shot_classification(hfhub_inference *inf, const char *text,
                                                      const char *const *labels, size_t n_labels, int multi_label,
                                                      const hfhub_inference_opts *opts, hfhub_inference_result **out);
/* table: a JSON object {column: [cells...]} as text. */
HFHUB_API hfhub_result hfhub_table_question_answering(hfhub_inference *inf, const char *table_json, const char *query,
                                                      const hfhub_inference_opts *opts, hfhub_inference_result **out);
