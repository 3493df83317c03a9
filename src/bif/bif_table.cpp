#include "bif/bif.h"

namespace girder {

const BifEntry bif_table[] = {
#define BIF(mod, fun, arity, cname) {#mod, fun, arity, cname, false},
#define NIF(mod, fun, arity, cname) {#mod, fun, arity, cname, true},
#include "bif/bifs.def"
#undef BIF
#undef NIF
};
const unsigned bif_table_size = sizeof(bif_table) / sizeof(bif_table[0]);

}  // namespace girder
