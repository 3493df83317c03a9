#include "term/term.h"

namespace girder {

// Every boxed object's header arity counts the words after the header
// (maps included, see map.h), so the size is the same for all kinds.
Uint boxed_size(const Term* obj) { return 1 + header_arity(obj[0]); }

}  // namespace girder
