#include "term/ref_key.h"

namespace girder {

RefKey RefKey::of(Term ref) {
  RefKey k;
  if (is_local_ref(ref)) {
    auto* r = reinterpret_cast<RefThing*>(boxed_ptr(ref));
    k.n[0] = r->num[0];
    k.n[1] = r->num[1];
    k.n[2] = r->num[2];
  }
  return k;
}

Term RefKey::to_term(Heap& h) const {
  auto* r = reinterpret_cast<RefThing*>(h.alloc(REF_WORDS));
  r->header = make_header(REF_WORDS - 1, SUB_REF);
  r->num[0] = n[0];
  r->num[1] = n[1];
  r->num[2] = n[2];
  r->num[3] = 0;
  return make_boxed(reinterpret_cast<Term*>(r));
}

}  // namespace girder
