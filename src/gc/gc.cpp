#include "gc/gc.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <unistd.h>

#include "term/binary.h"
#include "term/literal_region.h"
#include "term/map.h"
#include "term/atom_table.h"
#include "term/print.h"

namespace girder {

namespace {

// A cons cell whose head is this value has been moved; its tail is the
// new cell. No term is ever 0 (THE_NON_VALUE), so this cannot be a head.
constexpr Term MOVED_CONS = THE_NON_VALUE;

// Sizes grow roughly like ERTS's Fibonacci heap sizes.
Uint next_heap_size(Uint need_words) {
  Uint a = DEFAULT_MIN_HEAP_WORDS, b = 377;  // 233, 377, 610, ...: ERTS's first sizes
  while (a < need_words) {
    Uint c = a + b;
    a = b;
    b = c;
  }
  return a;
}

// Where the collector copies to: a region filled from `top`, scanned from
// `scan` (Cheney), with the off-heap objects (refc binaries, resources)
// that now live there.
struct Space {
  Term* top = nullptr;
  Term* scan = nullptr;
  OffHeapThing* offheap = nullptr;
  Uint overhead = 0;
};

struct Copier {
  // Objects in [keep_lo, keep_hi) stay where they are (the old heap in a
  // minor collection); objects in [promote_lo, promote_hi) (young data
  // that already survived a collection) go to `old`; everything else that
  // is not a literal goes to `young`.
  const Term* keep_lo = nullptr;
  const Term* keep_hi = nullptr;
  const Term* promote_lo = nullptr;
  const Term* promote_hi = nullptr;
  Space young, old;

  bool stays(const Term* p) const { return is_literal_ptr(p) || (p >= keep_lo && p < keep_hi); }
  Space& dest(const Term* p) { return p >= promote_lo && p < promote_hi ? old : young; }

  Term evacuate(Term t) {
    switch (primary_tag(t)) {
      case TAG_PRIMARY_LIST: {
        Term* cell = list_ptr(t);
        if (stays(cell)) return t;
        if (cell[0] == MOVED_CONS) return cell[1];
        Space& to = dest(cell);
        Term* n = to.top;
        to.top += 2;
        n[0] = cell[0];
        n[1] = cell[1];
        Term nt = make_list(n);
        cell[0] = MOVED_CONS;
        cell[1] = nt;
        return nt;
      }
      case TAG_PRIMARY_BOXED: {
        Term* obj = boxed_ptr(t);
        if (stays(obj)) return t;
        Term hdr = obj[0];
        if (is_boxed(hdr)) return hdr;  // already moved: header is the new address
        Uint size = boxed_size(obj);
        Space& to = dest(obj);
        Term* n = to.top;
        to.top += size;
        std::memcpy(n, obj, size * sizeof(Term));
        if (is_off_heap_header(hdr)) {  // refc binary, resource
          auto* o = reinterpret_cast<OffHeapThing*>(n);
          o->next = to.offheap;
          to.offheap = o;
          to.overhead += offheap_bytes(o);
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

  // Scans what was copied into s since its last scan.
  void scan(Space& sp) {
    Term* s = sp.scan;
    while (s < sp.top) {
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
    sp.scan = s;
  }

  // Until both spaces are scanned (scanning one can copy into the other).
  void scan_all() {
    while (young.scan < young.top || old.scan < old.top) {
      scan(young);
      scan(old);
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
  mem_add(h.mem_kind, int64_t(words * sizeof(Term)));
  return block;
}

void give_back_block(Heap& h, Term* block, Uint words) {
  if (words >= SPARE_MIN_WORDS) {
    mem_sub(h.mem_kind, int64_t(h.spare_words * sizeof(Term)));
    std::free(h.spare);
    h.spare = block;
    h.spare_words = words;
  } else {
    mem_sub(h.mem_kind, int64_t(words * sizeof(Term)));
    std::free(block);
  }
}

enum class Mode {
  minor,   // young survivors of an earlier collection move to the old heap
  resize,  // young data moves to a new young block; the old heap stays
  major,   // everything, old heap included, moves to a new young block
};

struct Roots {
  Term* xregs;
  Uint live;
  Term** extra;
  Uint n_extra;
};

void free_old_heap(Heap& h) {
  mem_sub(h.mem_kind, int64_t((h.old_end - h.old_start) * sizeof(Term)));
  std::free(h.old_start);
  h.old_start = h.old_htop = h.old_end = nullptr;
}

// Copies everything reachable from the roots into a fresh young block of
// `size` words (heap from the bottom, the stack moved to the top), then
// frees the old young block and the fragments. In a minor collection the
// old heap must have room for all young data below the high-water mark.
void collect(Process* p, Uint size, Mode mode, const Roots& r) {
  Heap& h = p->heap;
  Uint stack = Uint(h.end - h.limit);
  Term* block = take_block(h, size);
  Term* new_end = block + size;
  Term* new_stop = new_end - stack;
  std::memcpy(new_stop, h.limit, stack * sizeof(Term));

  Copier c;
  c.young.top = c.young.scan = block;
  if (mode != Mode::major) {
    c.keep_lo = h.old_start;
    c.keep_hi = h.old_htop;
  }
  if (mode == Mode::minor) {
    c.promote_lo = h.start;
    c.promote_hi = h.hwm;
    c.old.top = c.old.scan = h.old_htop;
    c.old.offheap = h.old_off_heap.first;  // promoted objects join these
    c.old.overhead = h.old_off_heap.overhead;
  }

  for (Uint i = 0; i < r.live; i++) r.xregs[i] = c.evacuate(r.xregs[i]);
  for (Term* s = new_stop; s < new_end; s++) {
    Term w = *s;
    if (is_header(w) || is_catch(w)) continue;  // continuation pointer / catch
    *s = c.evacuate(w);
  }
  Term* own[] = {&p->dictionary, &p->exc_reason, &p->exc_info, &p->exc_trace,
                 &p->exit_reason, &p->initial_call, &p->exc_class, &p->exc_args};
  for (Term* o : own)
    if (is_value(*o)) *o = c.evacuate(*o);
  for (Term& x : p->xsave) x = c.evacuate(x);
  // messages whose memory was adopted by the heap (matched, not removed)
  // (they are among the first: receive adopts messages as it scans)
  Uint adopted = p->mbox.adopted();
  for (Message* m = p->mbox.first(); m && adopted > 0; m = m->next) {
    if (!m->in_heap) continue;
    m->term = c.evacuate(m->term);
    adopted--;
  }
  for (Uint i = 0; i < r.n_extra; i++)
    if (is_value(*r.extra[i])) *r.extra[i] = c.evacuate(*r.extra[i]);
  c.scan_all();

  // Off-heap objects (refc binaries, resources) that were not copied are
  // no longer referenced from here (a copied one's header is now a
  // forwarding pointer): their references go.
  auto sweep = [](OffHeapThing* first) {
    for (OffHeapThing* o = first; o; o = o->next)
      if (!is_boxed(o->header)) offheap_release_one(o);
  };
  sweep(h.off_heap.first);
  h.off_heap.first = c.young.offheap;
  h.off_heap.overhead = c.young.overhead;
  if (mode == Mode::minor) {
    h.old_off_heap.first = c.old.offheap;
    h.old_off_heap.overhead = c.old.overhead;
    h.old_htop = c.old.top;
  } else if (mode == Mode::major) {
    sweep(h.old_off_heap.first);
    h.old_off_heap = OffHeap{};
    free_old_heap(h);
  }

  give_back_block(h, h.start, Uint(h.end - h.start));
  h.free_fragments();
  h.start = block;
  h.htop = c.young.top;
  h.hwm = c.young.top;  // everything here has now survived a collection
  h.end = new_end;
  h.limit = new_stop;
}

// max_heap_size: a process whose young and old heaps together outgrow it
// is reported (error_logger) and killed (kill), as ERTS does after a
// collection; the interpreter ends it at once (pending_exit).
void check_max_heap(Process* p) {
  const Heap& h = p->heap;
  Uint total = Uint(h.end - h.start) + Uint(h.old_end - h.old_start);
  if (total <= p->max_heap.size || p->pending_exit) return;
  if (p->max_heap.error_logger) {
    std::string s = "=ERROR REPORT==== Process " + term_to_text(p->id) +
                    ": maximum heap size reached (Max Heap Size: " +
                    std::to_string(p->max_heap.size) + ", Total Heap Size: " + std::to_string(total) +
                    ", Kill: " + (p->max_heap.kill ? "true" : "false") + ")\n";
    ssize_t w = write(2, s.data(), s.size());
    (void)w;
  }
  if (p->max_heap.kill) {
    p->exit_reason = atom::killed;
    p->pending_exit = true;
  }
}

#ifdef GIRDER_GC_STRESS
constexpr Uint FULLSWEEP_AFTER = 3;  // exercise both kinds of collection
#else
constexpr Uint FULLSWEEP_AFTER = 65535;  // ERTS's default fullsweep_after
#endif

}  // namespace

// A minor collection copies the young data that is new since the last
// collection into a new young block and moves the data that survived one
// collection already (below the high-water mark) to the old heap, which
// is not scanned: the old heap cannot point at younger data, because terms
// are immutable and older data is promoted first. A major collection
// (when the old heap is full, after FULLSWEEP_AFTER minors, or on request)
// copies everything into one new young block and frees the old heap.
//
// Sizing: the copy goes into a block that holds everything in the worst
// case, normally the same size as the current block, so a process in a
// steady state flips between two blocks of one size. The young heap is
// then resized, when it is too full or far too large, to twice what
// survived plus the stack and the space asked for, as ERTS sizes heaps by
// survivors.
void gc_collect_full(Process* p, Uint need, Term* xregs, Uint live, Term** extra, Uint n_extra,
                     bool major) {
  Heap& h = p->heap;
  if (!h.hwm || h.hwm < h.start || h.hwm > h.htop) h.hwm = h.start;
  Roots r{xregs, live, extra, n_extra};
  Uint stack = Uint(h.end - h.limit);
  Uint current = Uint(h.end - h.start);
  Uint young_used = Uint(h.htop - h.start) + h.frag_words;
  Uint promote = Uint(h.hwm - h.start);
  Uint old_used = Uint(h.old_htop - h.old_start);
  Mode mode = Mode::minor;
  if (major || p->minor_gcs >= FULLSWEEP_AFTER) {
    mode = Mode::major;
  } else if (promote > 0 && Uint(h.old_end - h.old_htop) < promote) {
    if (h.old_start) {
      mode = Mode::major;  // the old heap is full
    } else {
      Uint words = next_heap_size(2 * promote);  // (current counts the stack)
      h.old_start = h.old_htop = static_cast<Term*>(std::malloc(words * sizeof(Term)));
      if (!h.old_start) {
        std::fprintf(stderr, "girder: out of memory for an old heap (%lu words)\n",
                     static_cast<unsigned long>(words));
        std::abort();
      }
      h.old_end = h.old_start + words;
      mem_add(h.mem_kind, int64_t(words * sizeof(Term)));
    }
  }
  Uint to_size = std::max(current, young_used + stack + (mode == Mode::major ? old_used : 0));
  collect(p, to_size, mode, r);
  p->minor_gcs = mode == Mode::major ? 0 : p->minor_gcs + 1;

  // Resize when the space asked for does not fit, when survivors fill
  // more than three quarters of the block, or when it is four times
  // larger than it should be.
  Uint survived = Uint(h.htop - h.start);
  Uint target = std::max(p->min_heap_words, next_heap_size(2 * survived + stack + need));
  Uint free_words = Uint(h.limit - h.htop);
  bool too_small = free_words < need || 4 * (survived + stack) > 3 * to_size;
  bool too_big = to_size > 4 * target;
  if (too_small || too_big) collect(p, target, Mode::resize, r);
  if (p->max_heap.size > 0) check_max_heap(p);
}

void gc_collect_with_roots(Process* p, Uint need, Term* xregs, Uint live,
                           Term** extra, Uint n_extra) {
  gc_collect_full(p, need, xregs, live, extra, n_extra, false);
}

void gc_collect(Process* p, Uint need, Term* xregs, Uint live) {
  gc_collect_with_roots(p, need, xregs, live, nullptr, 0);
}

}  // namespace girder
