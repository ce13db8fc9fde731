/* witrt.h must compile on its own, first in a translation unit, with the project warnings. */
#include "witrt.h"

extern const int wrt_header_alone;
const int wrt_header_alone = WRT_MAX_SCOPES;
