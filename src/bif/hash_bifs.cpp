// erlang:phash/2, erlang:phash2/1,2.
#include "bif/bif.h"
#include "term/hash.h"

namespace girder {

namespace {

constexpr Sint TWO_POW_32 = Sint(1) << 32;

// A hash range: an integer 1..2^32. *range receives it (2^32 as 0).
bool get_range(Term t, uint32_t* range) {
  if (!is_small(t)) return false;  // on 64 bits every valid range is small
  Sint v = small_value(t);
  if (v < 1 || v > TWO_POW_32) return false;
  *range = v == TWO_POW_32 ? 0 : uint32_t(v);
  return true;
}

}  // namespace

Term erlang_phash_2(Process* p, Term* args) {
  uint32_t range;
  if (!get_range(args[1], &range)) return bif_badarg(p);
  uint64_t h = phash_full(args[0]);
  return make_small(Sint(range ? h % range + 1 : h + 1));
}

Term erlang_phash2_1(Process* p, Term* args) { return make_small(Sint(phash2(args[0]))); }

Term erlang_phash2_2(Process* p, Term* args) {
  uint32_t range;
  if (!get_range(args[1], &range)) return bif_badarg(p);
  uint32_t h = phash2_full(args[0]);
  return make_small(Sint(range ? h % range : h));
}

}  // namespace girder
