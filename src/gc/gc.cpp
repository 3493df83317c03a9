#include "gc/gc.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "term/binary.h"
#include "term/literal_region.h"
#include "term/map.h"

namespace girder {

namespace {

// A cons cell whose head is this value has been moved; its tail is the
// new cell. No term is ever 0 (THE_NON_VALUE), so this cannot be a head.
constexpr Term MOVED_CONS = THE_NON_VALUE;

// Sizes grow roughly like ERTS's Fibonacci heap sizes.
Uint next_heap_size(Uint need_words) {
  Uint a = 233, b = 377;
  while (a < need_words) {
    Uint c = a + b;
    a = b;
    b = c;
  }
  return a;
}

struct Copier {
  Term* top;
  ProcBin* new_offheap = nullptr;
  Uint new_overhead = 0;

  Term evacuate(Term t) {
    switch (primary_tag(t)) {
      case TAG_PRIMARY_LIST: {
        Term* cell = list_ptr(t);
        if (is_literal_ptr(cell)) return t;
        if (cell[0] == MOVED_CONS) return cell[1];
        Term* n = top;
        top += 2;
        n[0] = cell[0];
        n[1] = cell[1];
        Term nt = make_list(n);
        cell[0] = MOVED_CONS;
        cell[1] = nt;
        return nt;
      }
      case TAG_PRIMARY_BOXED: {
        Term* obj = boxed_ptr(t);
        if (is_literal_ptr(obj)) return t;
        Term hdr = obj[0];
        if (is_boxed(hdr)) return hdr;  // already moved: header is the new address
        Uint size = boxed_size(obj);
        Term* n = top;
        top += size;
        std::memcpy(n, obj, size * sizeof(Term));
        if (header_subtag(hdr) == SUB_REFC_BIN) {
          auto* pb = reinterpret_cast<ProcBin*>(n);
          pb->next = new_offheap;
          new_offheap = pb;
          new_overhead += pb->size;
        }
        Term nt = make_boxed(n);
        obj[0] = nt;
        return nt;
      }
      default:
        return t;
    }
  }

  // Words right after a header that hold no terms (must not be scanned).
  static Uint raw_words_after(Term hdr, const Term* obj) {
    switch (header_subtag(hdr)) {
      case SUB_TUPLE:
        return 0;
      case SUB_SUB_BIN:
        return SUB_BIN_WORDS - 2;  // size, offs, bit info; orig is a term
      case SUB_MATCH_CTX:
        return 0;  // orig first; offsets are small ints? no: raw, see below
      case SUB_FUN:
        return 3;  // entry, arity, num_free; creator and env are terms
      case SUB_MAP:
        return map_raw_words(obj);
      default:
        return header_arity(hdr);  // no terms inside
    }
  }

  void scan(Term* from) {
    Term* s = from;
    while (s < top) {
      Term w = *s;
      if (is_header(w)) {
        Subtag sub = header_subtag(w);
        if (sub == SUB_MATCH_CTX) {
          s[1] = evacuate(s[1]);
          s += MATCH_CTX_WORDS;
          continue;
        }
        s += 1 + raw_words_after(w, s);
        continue;
      }
      *s = evacuate(w);
      s++;
    }
  }
};

}  // namespace

namespace {

// Blocks at least this large are kept as the next collection's to-space.
constexpr Uint SPARE_MIN_WORDS = 8192;

Term* take_block(Heap& h, Uint words) {
  if (h.spare && h.spare_words == words) {
    Term* b = h.spare;
    h.spare = nullptr;
    h.spare_words = 0;
    return b;
  }
  Term* block = static_cast<Term*>(std::malloc(words * sizeof(Term)));
  if (!block) {
    std::fprintf(stderr, "girder: out of memory in garbage collection (%lu words)\n",
                 static_cast<unsigned long>(words));
    std::abort();
  }
  return block;
}

void give_back_block(Heap& h, Term* block, Uint words) {
  if (words >= SPARE_MIN_WORDS) {
    std::free(h.spare);
    h.spare = block;
    h.spare_words = words;
  } else {
    std::free(block);
  }
}

// Copies everything reachable from the roots into a fresh block of `size`
// words (heap from the bottom, the stack moved to the top), then frees the
// old block and the fragments. size must hold all live data and the stack.
void copy_into(Process* p, Uint size, Term* xregs, Uint live, Term** extra, Uint n_extra) {
  Heap& h = p->heap;
  Uint stack = Uint(h.end - h.limit);
  Term* block = take_block(h, size);
  Term* new_end = block + size;
  Term* new_stop = new_end - stack;
  std::memcpy(new_stop, h.limit, stack * sizeof(Term));

  Copier c{block};
  for (Uint i = 0; i < live; i++) xregs[i] = c.evacuate(xregs[i]);
  for (Term* s = new_stop; s < new_end; s++) {
    Term w = *s;
    if (is_header(w) || is_catch(w)) continue;  // continuation pointer / catch
    *s = c.evacuate(w);
  }
  Term* own[] = {&p->dictionary, &p->exc_reason, &p->exc_info, &p->exc_trace,
                 &p->exit_reason, &p->initial_call, &p->exc_class, &p->exc_args};
  for (Term* r : own)
    if (is_value(*r)) *r = c.evacuate(*r);
  for (Term& r : p->xsave) r = c.evacuate(r);
  // messages whose memory was adopted by the heap (matched, not removed)
  for (Message* m = p->mbox.first(); m; m = m->next)
    if (m->in_heap) m->term = c.evacuate(m->term);
  for (Uint i = 0; i < n_extra; i++)
    if (is_value(*extra[i])) *extra[i] = c.evacuate(*extra[i]);
  c.scan(block);

  // Refc binaries that were not copied are no longer referenced from here.
  for (ProcBin* pb = h.off_heap.first; pb; pb = pb->next) {
    if (!is_boxed(pb->header)) binary_decref(pb->val);
  }
  h.off_heap.first = c.new_offheap;
  h.off_heap.overhead = c.new_overhead;

  give_back_block(h, h.start, Uint(h.end - h.start));
  h.free_fragments();
  h.start = block;
  h.htop = c.top;
  h.end = new_end;
  h.limit = new_stop;
}

}  // namespace

// Sizing: the first copy goes into a block that holds everything in the
// worst case (all of the heap live), normally the same size as the current
// block, so a process in a steady state flips between two blocks of one
// size. The heap is then resized to the live data, at least twice the
// live words plus the stack and the space asked for, as ERTS grows and
// shrinks heaps by what survives a collection, not by what was allocated.
void gc_collect_with_roots(Process* p, Uint need, Term* xregs, Uint live,
                           Term** extra, Uint n_extra) {
  Heap& h = p->heap;
  Uint stack = Uint(h.end - h.limit);
  Uint current = Uint(h.end - h.start);
  Uint used = Uint(h.htop - h.start) + h.frag_words;
  Uint to_size = std::max(current, used + stack);
  copy_into(p, to_size, xregs, live, extra, n_extra);

  Uint survived = Uint(h.htop - h.start);
  Uint target = std::max(p->min_heap_words, next_heap_size(2 * survived + stack + need));
  Uint free_words = Uint(h.limit - h.htop);
  bool too_small = free_words < need || target > to_size;
  bool too_big = to_size > 4 * target;
  if (too_small || too_big) copy_into(p, target, xregs, live, extra, n_extra);
}

void gc_collect(Process* p, Uint need, Term* xregs, Uint live) {
  gc_collect_with_roots(p, need, xregs, live, nullptr, 0);
}

}  // namespace girder
