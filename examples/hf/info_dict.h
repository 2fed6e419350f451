/* info_dict.h: a repo info as Python's `hf models|datasets|spaces info` prints it: the fields
 * of its ModelInfo / DatasetInfo / SpaceInfo dataclass in their declared order with snake_case
 * names, nested dataclasses (RepoSibling, BlobLfsInfo, SafeTensorsInfo, TransformersInfo,
 * InferenceProviderMapping, SpaceRuntime) converted the same way, datetimes as isoformat(),
 * card data as the card's dict, and None members dropped at every level. */
#ifndef HF_INFO_DICT_H
#define HF_INFO_DICT_H
#include "hfhub.h"
#include "social_cli.h"

/* The dict as compact JSON text appended to b (null members still in it: the printers of
 * social_cli.h drop them). */
void hf_info_dict(hf_s_sb *b, const hfhub_info *m);

/* Prints the dict like Python's Output.dict: indented by 2 in human mode, compact otherwise. */
void hf_info_dict_print(const hf_out *o, const hfhub_info *m);

#endif
