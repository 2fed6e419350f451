#define HFHUB_IMPLEMENTATION
#include "hfhub.h"
