// binary: compile_pattern/1, match/2,3, matches/2,3, split/2,3.
#include <vector>

#include "bif/bif.h"
#include "bif/binary_search.h"
#include "bif/binary_util.h"

namespace girder {

namespace {

constexpr unsigned SPLIT_GLOBAL = 1;
constexpr unsigned SPLIT_TRIM = 2;
constexpr unsigned SPLIT_TRIM_ALL = 4;

// Where to search: [start, end) of the subject.
struct Scope {
  Uint start;
  Uint end;
};

// Reads {scope, {Pos, Len}}; Len < 0 counts backwards from Pos. The
// arithmetic wraps like ERTS's unsigned arithmetic and then is range checked.
bool parse_scope(Term opt, Uint subject_size, Scope* s) {
  if (!is_tuple(opt) || tuple_arity(opt) != 2 || tuple_elem(opt, 1) != atom::scope) return false;
  Term range = tuple_elem(opt, 2);
  if (!is_tuple(range) || tuple_arity(range) != 2) return false;
  Uint pos;
  Sint slen;
  if (!term_to_uint(tuple_elem(range, 1), &pos) || !term_to_sint(tuple_elem(range, 2), &slen))
    return false;
  Uint len = Uint(slen);
  if (slen < 0) {
    len = Uint(0) - Uint(slen);
    if (Sint(len) < 0) return false;
    pos -= len;
  }
  if (pos + len < pos) return false;
  Uint end = pos + len;
  if (subject_size < pos || subject_size < end) return false;
  *s = Scope{pos, end};
  return true;
}

// Options of match/matches (only scopes) or of split (also the atoms
// global, trim, trim_all). The last scope wins. Like ERTS, an improper tail
// of the option list is ignored.
bool parse_options(Term opts, Uint subject_size, bool split, Scope* s, unsigned* flags) {
  *s = Scope{0, subject_size};
  *flags = 0;
  if (!is_value(opts) || is_nil(opts)) return true;
  if (!is_list(opts)) return false;
  for (; is_list(opts); opts = cdr(opts)) {
    Term o = car(opts);
    if (split && o == atom::global) {
      *flags |= SPLIT_GLOBAL;
    } else if (split && o == atom::trim) {
      *flags |= SPLIT_TRIM;
    } else if (split && o == atom::trim_all) {
      *flags |= SPLIT_TRIM_ALL;
    } else if (!parse_scope(o, subject_size, s)) {
      return false;
    }
  }
  return true;
}

Term match_impl(Process* p, Term subject, Term pattern, Term opts, bool global) {
  if (!is_byte_binary(subject)) return bif_badarg(p);
  ByteSpan hay(subject);
  Scope scope;
  unsigned flags;
  if (!parse_options(opts, hay.size(), false, &scope, &flags)) return bif_badarg(p);
  // ERTS answers an empty scope ending at 0 before looking at the pattern.
  if (scope.end == 0) return global ? NIL : atom::nomatch;
  PatternSearcher searcher;
  if (!searcher.load(pattern)) return bif_badarg(p);
  Heap& h = p->heap;
  if (!global) {
    BinMatch m;
    if (!searcher.find_first(hay.data(), scope.start, scope.end, &m)) return atom::nomatch;
    return make_tuple(h, {make_uinteger(h, m.pos), make_uinteger(h, m.len)});
  }
  std::vector<BinMatch> all;
  searcher.find_all(hay.data(), scope.start, scope.end, &all);
  Term list = NIL;
  for (Uint i = all.size(); i-- > 0;) {
    Term t = make_tuple(h, {make_uinteger(h, all[i].pos), make_uinteger(h, all[i].len)});
    list = make_cons(h, t, list);
  }
  return list;
}

Term split_not_found(Process* p, Term subject, Uint size, unsigned flags) {
  if ((flags & (SPLIT_TRIM | SPLIT_TRIM_ALL)) && size == 0) return NIL;
  return make_cons(p->heap, subject, NIL);
}

Term split_impl(Process* p, Term subject, Term pattern, Term opts) {
  if (!is_byte_binary(subject)) return bif_badarg(p);
  ByteSpan hay(subject);
  Uint size = hay.size();
  Scope scope;
  unsigned flags;
  if (!parse_options(opts, size, true, &scope, &flags)) return bif_badarg(p);
  if (scope.end == 0) return split_not_found(p, subject, size, flags);
  PatternSearcher searcher;
  if (!searcher.load(pattern)) return bif_badarg(p);
  Heap& h = p->heap;

  if (!(flags & SPLIT_GLOBAL)) {
    BinMatch m;
    if (!searcher.find_first(hay.data(), scope.start, scope.end, &m))
      return split_not_found(p, subject, size, flags);
    Uint after = m.pos + m.len;
    if ((flags & (SPLIT_TRIM | SPLIT_TRIM_ALL)) && after == size) {
      if (m.pos == 0) return NIL;
      return make_cons(h, byte_slice(h, subject, 0, m.pos), NIL);
    }
    Term rest = make_cons(h, byte_slice(h, subject, after, size - after), NIL);
    if ((flags & SPLIT_TRIM_ALL) && m.pos == 0) return rest;
    return make_cons(h, byte_slice(h, subject, 0, m.pos), rest);
  }

  std::vector<BinMatch> all;
  searcher.find_all(hay.data(), scope.start, scope.end, &all);
  if (all.empty()) return split_not_found(p, subject, size, flags);
  // Built from the end: trim drops empty parts until the first non-empty
  // one from the end; trim_all drops every empty part.
  unsigned drop = flags & (SPLIT_TRIM | SPLIT_TRIM_ALL);
  Term list = NIL;
  Uint end = size;
  for (Uint i = all.size(); i-- > 0;) {
    Uint from = all[i].pos + all[i].len;
    if (!(end == from && drop)) {
      list = make_cons(h, byte_slice(h, subject, from, end - from), list);
      drop &= ~SPLIT_TRIM;
    }
    end = all[i].pos;
  }
  if (!(end == 0 && drop)) list = make_cons(h, byte_slice(h, subject, 0, end), list);
  return list;
}

}  // namespace

Term binary_compile_pattern_1(Process* p, Term* args) {
  Term cp = binary_compile_pattern(p->heap, args[0]);
  return is_value(cp) ? cp : bif_badarg(p);
}

Term binary_match_2(Process* p, Term* args) {
  return match_impl(p, args[0], args[1], THE_NON_VALUE, false);
}
Term binary_match_3(Process* p, Term* args) { return match_impl(p, args[0], args[1], args[2], false); }
Term binary_matches_2(Process* p, Term* args) {
  return match_impl(p, args[0], args[1], THE_NON_VALUE, true);
}
Term binary_matches_3(Process* p, Term* args) { return match_impl(p, args[0], args[1], args[2], true); }
Term binary_split_2(Process* p, Term* args) { return split_impl(p, args[0], args[1], THE_NON_VALUE); }
Term binary_split_3(Process* p, Term* args) { return split_impl(p, args[0], args[1], args[2]); }

}  // namespace girder
