#include "etf/etf_tags.h"

namespace girder::etf {

const char* tag_name(uint8_t tag) {
  switch (tag) {
#define GIRDER_ETF_NAME(name, number, layout) \
  case number:                                \
    return #name;
    GIRDER_ETF_TAGS(GIRDER_ETF_NAME)
#undef GIRDER_ETF_NAME
    default:
      return nullptr;
  }
}

}  // namespace girder::etf
