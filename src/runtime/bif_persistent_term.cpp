// persistent_term: terms stored once in the literal region, so get/1
// returns them without copying (as ERTS does). Replaced or erased values
// stay in the literal region (ERTS frees them after a global GC; Girder
// does not reclaim literal memory yet).
#include <functional>
#include <mutex>
#include <vector>

#include "bif/bif.h"
#include "gc/copy.h"
#include "runtime/vm.h"
#include "term/compare.h"

namespace girder {

namespace {
struct Store {
  std::mutex lock;
  Heap heap;
  std::vector<std::pair<Term, Term>> items;
  Store() { heap.literal = true; }
};
Store& store() {
  static Store* s = new Store;
  return *s;
}
Term lookup(Term key) {
  Store& s = store();
  std::lock_guard<std::mutex> g(s.lock);
  for (auto& [k, v] : s.items)
    if (eq_exact(k, key)) return v;
  return THE_NON_VALUE;
}
}  // namespace

Term persistent_term_get_1(Process* p, Term* a) {
  Term v = lookup(a[0]);
  return is_value(v) ? v : bif_badarg(p);
}

Term persistent_term_get_2(Process*, Term* a) {
  Term v = lookup(a[0]);
  return is_value(v) ? v : a[1];
}

Term persistent_term_get_0(Process* p, Term*) {
  Store& s = store();
  std::lock_guard<std::mutex> g(s.lock);
  std::vector<Term> out;
  for (auto& [k, v] : s.items) out.push_back(make_tuple(p->heap, {k, v}));
  return make_list_from(p->heap, out.data(), out.size());
}

Term persistent_term_put_2(Process*, Term* a) {
  Store& s = store();
  std::lock_guard<std::mutex> g(s.lock);
  Term k = copy_term(a[0], s.heap);
  Term v = copy_term(a[1], s.heap);
  for (auto& item : s.items) {
    if (eq_exact(item.first, k)) {
      item.second = v;
      return atom::ok;
    }
  }
  s.items.push_back({k, v});
  return atom::ok;
}

Term persistent_term_erase_1(Process*, Term* a) {
  Store& s = store();
  std::lock_guard<std::mutex> g(s.lock);
  for (size_t i = 0; i < s.items.size(); i++) {
    if (eq_exact(s.items[i].first, a[0])) {
      s.items.erase(s.items.begin() + long(i));
      return atom::am_true;
    }
  }
  return atom::am_false;
}

bool persistent_term_for_each(const std::function<void(Term key, Term value)>& f) {
  Store& s = store();
  std::unique_lock<std::mutex> g(s.lock, std::try_to_lock);
  if (!g.owns_lock()) return false;
  for (auto& [k, v] : s.items) f(k, v);
  return true;
}

Term persistent_term_info_0(Process* p, Term*) {
  Store& s = store();
  std::lock_guard<std::mutex> g(s.lock);
  Term count = make_tuple(p->heap, {atom::count, make_small(Sint(s.items.size()))});
  Term mem = make_tuple(p->heap, {atom::memory, make_small(Sint(s.heap.frag_words * 8))});
  Term l[2] = {count, mem};
  return make_list_from(p->heap, l, 2);
}

}  // namespace girder
