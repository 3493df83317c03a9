// List BIFs of module erlang: length/1, hd/1, tl/1, '++'/2, '--'/2.
//
// All walk lists with loops (never recursion on the C stack), so lists of
// tens of millions of elements work; results are built in one allocation.
#include <algorithm>
#include <vector>

#include "bif/bif.h"
#include "term/compare.h"

namespace girder {

namespace {

// Builds [elems... | tail] from a vector.
Term list_from_vector(Heap& h, const std::vector<Term>& elems, Term tail) {
  return make_list_from(h, elems.data(), elems.size(), tail);
}

// A multiset of the right-hand side of '--': distinct terms (by =:=) with
// how many times each still has to be removed.
class RemovalBag {
 public:
  explicit RemovalBag(Term list) {
    for (Term l = list; is_list(l); l = cdr(l)) items_.push_back({car(l), 1});
    if (items_.size() <= LINEAR_LIMIT) {
      // few terms: merge duplicates by linear search, keep input order
      std::vector<Item> merged;
      for (const Item& it : items_) {
        auto m = std::find_if(merged.begin(), merged.end(),
                              [&](const Item& x) { return eq_exact(x.term, it.term); });
        if (m == merged.end()) {
          merged.push_back(it);
        } else {
          m->count++;
        }
      }
      items_.swap(merged);
      sorted_ = false;
      return;
    }
    // Many terms: sort in the exact standard order (which separates 1 and
    // 1.0, so equal-by-order means =:=) and merge runs of equal terms. This
    // is what makes big subtractions O((n + m) log m) instead of O(n * m).
    std::stable_sort(items_.begin(), items_.end(), [](const Item& a, const Item& b) {
      return compare_terms(a.term, b.term, true) < 0;
    });
    std::vector<Item> merged;
    for (const Item& it : items_) {
      if (!merged.empty() && compare_terms(merged.back().term, it.term, true) == 0) {
        merged.back().count++;
      } else {
        merged.push_back(it);
      }
    }
    items_.swap(merged);
    sorted_ = true;
  }

  // If t is still to be removed, consumes one removal and returns true.
  bool take(Term t) {
    Item* it = find(t);
    if (!it || it->count == 0) return false;
    it->count--;
    return true;
  }

 private:
  struct Item {
    Term term;
    Uint count;
  };
  static constexpr size_t LINEAR_LIMIT = 16;

  Item* find(Term t) {
    if (!sorted_) {
      for (Item& it : items_) {
        if (eq_exact(it.term, t)) return &it;
      }
      return nullptr;
    }
    auto pos = std::lower_bound(items_.begin(), items_.end(), t, [](const Item& a, Term key) {
      return compare_terms(a.term, key, true) < 0;
    });
    if (pos == items_.end() || compare_terms(pos->term, t, true) != 0) return nullptr;
    return &*pos;
  }

  std::vector<Item> items_;
  bool sorted_ = false;
};

}  // namespace

Term erlang_length_1(Process* p, Term* args) {
  Sint n = list_length(args[0]);
  if (n < 0) return bif_badarg(p);
  return make_small(n);
}

Term erlang_hd_1(Process* p, Term* args) {
  if (!is_list(args[0])) return bif_badarg(p);
  return car(args[0]);
}

Term erlang_tl_1(Process* p, Term* args) {
  if (!is_list(args[0])) return bif_badarg(p);
  return cdr(args[0]);
}

// A ++ B: A must be a proper list; B can be anything (it becomes the
// tail of the copy of A).
Term erlang_append_2(Process* p, Term* args) {
  Term a = args[0], b = args[1];
  if (is_nil(a)) return b;
  Sint n = list_length(a);
  if (n < 0) return bif_badarg(p);
  Term* hp = p->heap.alloc(2 * Uint(n));
  Term* cell = hp;
  for (Term l = a; is_list(l); l = cdr(l)) {
    cell[0] = car(l);
    cell[1] = make_list(cell + 2);
    cell += 2;
  }
  cell[-1] = b;
  return make_list(hp);
}

// A -- B: for each element of B, the first element of A that is =:= to it
// is removed. Equivalently, if a term occurs k times in B, its first k
// occurrences in A go; that is how it is computed here, in one pass over A.
Term erlang_subtract_2(Process* p, Term* args) {
  Term a = args[0], b = args[1];
  Sint na = list_length(a);
  Sint nb = list_length(b);
  if (na < 0 || nb < 0) return bif_badarg(p);
  if (na == 0 || nb == 0) return a;
  RemovalBag bag(b);
  std::vector<Term> kept;
  kept.reserve(Uint(na));
  Sint removed = 0;
  for (Term l = a; is_list(l); l = cdr(l)) {
    Term e = car(l);
    if (removed < nb && bag.take(e)) {
      removed++;
    } else {
      kept.push_back(e);
    }
  }
  if (removed == 0) return a;
  return list_from_vector(p->heap, kept, NIL);
}

}  // namespace girder
