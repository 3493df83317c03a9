// op_info(): the rows of ops.def as a table indexed by opcode number.
#include "beam/opcodes.h"

namespace girder::beam {

namespace {

constexpr bool k_LIVE = false;
constexpr bool k_OBSOLETE = true;

struct OpTable {
  OpInfo rows[MAX_GENERIC_OPCODE + 1] = {};
  constexpr OpTable() {
#define OP(num, name, arity, kinds, status, doc) \
  rows[num] = OpInfo{#name, arity, kinds, k_##status, doc};
#include "beam/ops.def"
#undef OP
  }
};

// Built at compile time: a row whose kinds string does not have exactly
// `arity` letters (plus the list marker) is caught by kinds_match_arity.
constexpr OpTable table;

constexpr unsigned length(const char* s) {
  unsigned n = 0;
  while (s[n]) ++n;
  return n;
}

constexpr bool kinds_match_arity() {
  for (unsigned i = 1; i <= MAX_GENERIC_OPCODE; ++i) {
    const OpInfo& r = table.rows[i];
    if (!r.name) continue;
    if (length(r.kinds) != r.arity) return false;
    // a list may only be the last operand (the loader appends its items)
    for (unsigned k = 0; k + 1 < r.arity; ++k)
      if (r.kinds[k] == '*') return false;
  }
  return true;
}
static_assert(kinds_match_arity(), "ops.def: kinds must have one letter per operand");

}  // namespace

const OpInfo& op_info(unsigned n) {
  return n <= MAX_GENERIC_OPCODE ? table.rows[n] : table.rows[0];
}

}  // namespace girder::beam
