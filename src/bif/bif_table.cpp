#include "bif/bif.h"

namespace girder {

const BifEntry bif_table[] = {
#define BIF(mod, fun, arity, cname) {#mod, fun, arity, cname, false, false},
#define NIF(mod, fun, arity, cname) {#mod, fun, arity, cname, true, false},
#define DIRECT(mod, fun, arity, cname) {#mod, fun, arity, cname, false, true},
#include "bif/bifs.def"
#undef BIF
#undef NIF
#undef DIRECT
};
const unsigned bif_table_size = sizeof(bif_table) / sizeof(bif_table[0]);

namespace {
bool g_direct_rows = true;
}  // namespace

void bif_table_drop_direct_rows() { g_direct_rows = false; }
bool bif_row_active(const BifEntry& b) { return !b.direct_only || g_direct_rows; }

}  // namespace girder
