// OTP's re module: the BIFs behind re:compile/1,2, re:run/2,3,
// re:internal_run/4, re:inspect/2 and re:version/0, with ERTS 25's
// answers, errors and traps (erl_bif_re.c's behaviour, on PCRE2 through
// src/re). re:split/2,3 and re:replace/3,4 are re.erl's Erlang code on top.
//
// Like ERTS, the BIFs hand the cases they leave to Erlang to re.erl:
// re:ucompile/2 and re:urun/3 turn unicode chardata into UTF-8 binaries
// and call back, re:grun/3 loops over a subject for `global`.
//
// Long matches: a match first runs within a bounded amount of work on the
// calling scheduler (re/matcher.h); one that needs more runs again, whole,
// on a dirty CPU scheduler (the BIF calls itself there), so a megabyte
// subject or a catastrophic pattern never holds up a normal scheduler.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <climits>
#include <string>

#include "bif/bif.h"
#include "bif/iolist.h"
#include "bif/re_captures.h"
#include "re/matcher.h"
#include "re/pattern.h"
#include "term/binary.h"

namespace girder {

namespace {

// What an option does beyond its PCRE2 bits (bif/re_options.def).
enum : unsigned {
  RE_ANY_CALL = 0,
  RE_COMPILE_ONLY = 1,  // ERTS's PARSE_FLAG_UNIQUE_COMPILE_OPT
  RE_RUN_ONLY = 2,      // ERTS's PARSE_FLAG_UNIQUE_EXEC_OPT
  RE_UNICODE = 4,
  RE_GLOBAL = 8,
  RE_REPORT_ERRORS = 16,
  RE_CAPTURE = 32,
  RE_MATCH_LIMIT = 64,
  RE_MATCH_LIMIT_RECURSION = 128,
};

// Work (PCRE2 match() calls) a match may do on a normal scheduler before
// it moves to a dirty one: about a millisecond.
constexpr uint32_t BOUNDED_WORK = 50000;
// Bytes looked at per reduction charged, as ERTS charges a reduction per
// ten of its PCRE's loops.
constexpr size_t BYTES_PER_REDUCTION = 10;

struct ReOptions {
  re::CompileSpec spec;
  uint32_t match = 0;  // PCRE2 match option bits
  unsigned flags = 0;
  size_t offset = 0;
  uint32_t match_limit = re::DEFAULT_MATCH_LIMIT;
  uint32_t depth_limit = re::DEFAULT_DEPTH_LIMIT;
  Term capture_values = atom::all;
  Term capture_type = atom::index;
};

// A non-negative integer that fits in a C int (ERTS's term_to_int).
bool c_int(Term t, uint32_t* out) {
  if (!is_small(t) || small_value(t) < 0 || small_value(t) > INT_MAX) return false;
  *out = uint32_t(small_value(t));
  return true;
}

bool parse_atom_option(Term a, ReOptions* o) {
#define RE_FLAG(name, compile_bits, match_bits, kind) \
  if (a == atom::name) {                              \
    o->spec.options |= (compile_bits);                \
    o->match |= (match_bits);                         \
    o->flags |= (kind);                               \
    return true;                                      \
  }
#define RE_BSR(name, bits)        \
  if (a == atom::name) {          \
    o->spec.bsr |= uint8_t(bits); \
    return true;                  \
  }
#include "bif/re_options.def"
  return false;
}

bool newline_bits(Term value, uint8_t* bits) {
#define RE_NEWLINE(name, nl_bits) \
  if (value == atom::name) {      \
    *bits = uint8_t(nl_bits);     \
    return true;                  \
  }
#include "bif/re_options.def"
  return false;
}

// The kind of a {Key, Value} option; false for an unknown key.
bool keyed_kind(Term key, unsigned* kind) {
#define RE_KEYED(name, k) \
  if (key == atom::name) { \
    *kind = (k);           \
    return true;           \
  }
#include "bif/re_options.def"
  return false;
}

bool parse_keyed_option(Term key, Term value, ReOptions* o) {
  unsigned kind;
  if (!keyed_kind(key, &kind)) return false;
  o->flags |= kind;
  if (key == atom::capture) {
    o->capture_values = value;
    o->capture_type = atom::index;
    o->flags |= RE_CAPTURE;
    return true;
  }
  if (key == atom::newline) {
    uint8_t bits;
    if (!newline_bits(value, &bits)) return false;
    o->spec.newline |= bits;
    return true;
  }
  uint32_t n;
  if (!c_int(value, &n)) return false;
  if (key == atom::offset) {
    o->offset = n;
  } else if (key == atom::match_limit) {
    o->match_limit = n;
    o->flags |= RE_MATCH_LIMIT;
  } else {
    o->depth_limit = n;
    o->flags |= RE_MATCH_LIMIT_RECURSION;
  }
  return true;
}

// ERTS's parse_options: false for anything it refuses (badopt).
bool parse_options(Term list, ReOptions* o) {
  for (; is_list(list); list = cdr(list)) {
    Term item = car(list);
    if (is_tuple(item)) {
      Uint arity = tuple_arity(item);
      Term key = tuple_elem(item, 1);
      if (arity == 3 && key == atom::capture) {
        o->capture_values = tuple_elem(item, 2);
        o->capture_type = tuple_elem(item, 3);
        o->flags |= RE_CAPTURE | RE_RUN_ONLY;
        continue;
      }
      if (arity != 2 || !is_atom(key) || !parse_keyed_option(key, tuple_elem(item, 2), o))
        return false;
    } else if (!parse_atom_option(item, o)) {
      return false;
    }
  }
  return is_nil(list);
}

Term badopt(Process* p) { return bif_badarg_cause_in(p, atom::badopt, atom::erl_stdlib_errors); }

// ERTS's EXC_INTERNAL_ERROR: error:internal_error that no catch takes.
Term internal_error(Process* p) {
  bif_error(p, atom::internal_error);
  p->exc_flags |= EXC_PANIC;
  return THE_NON_VALUE;
}

// The bytes of iodata: a view of a byte-aligned binary, else a copy in
// *buf. False when t is not iodata. (ERTS's is_binary is true of any
// bitstring; one that is not whole bytes is refused here.)
bool iodata_bytes(Term t, std::string* buf, std::string_view* out) {
  if (is_bitstring(t)) {
    BitView v = bit_view(t);
    if (!v.is_binary()) return false;
    if (v.aligned()) {
      *out = {reinterpret_cast<const char*>(v.bytes + v.bit_offset / 8), v.byte_size()};
      return true;
    }
  }
  Uint size;
  if (!iolist_size(t, &size)) return false;
  buf->resize(size);
  iolist_copy(t, reinterpret_cast<uint8_t*>(buf->data()));
  *out = *buf;
  return true;
}

// A binary whose bytes are off heap (a ProcBin, or a slice of one).
Binary* refc_of(Term bin) {
  Term* b = boxed_ptr(bin);
  if (header_subtag(*b) == SUB_SUB_BIN) b = boxed_ptr(reinterpret_cast<SubBin*>(b)->orig);
  if (header_subtag(*b) != SUB_REFC_BIN) return nullptr;
  return reinterpret_cast<ProcBin*>(b)->val;
}

bool subject_of(Term t, std::string* buf, ReSubject* s) {
  std::string_view bytes;
  if (!iodata_bytes(t, buf, &bytes)) return false;
  s->bytes = reinterpret_cast<const uint8_t*>(bytes.data());
  s->length = bytes.size();
  if (is_bitstring(t) && bytes.data() != buf->data() && refc_of(t)) s->refc_binary = t;
  return true;
}

// Subjects whose UTF-8 this thread has seen PCRE2 check, so that
// re:grun's later calls (FirstCall false) may skip the check without
// trusting a caller: PCRE2 must never see invalid UTF-8 unchecked. Each
// entry keeps its Binary alive so that its address is not reused.
class CheckedSubjects {
 public:
  ~CheckedSubjects() {
    for (Entry& e : entries_)
      if (e.bin) binary_decref(e.bin);
  }
  bool contains(const ReSubject& s) const {
    Binary* b = refc_of(s.refc_binary);
    for (const Entry& e : entries_)
      if (e.bin == b && e.bytes == s.bytes && e.length == s.length) return true;
    return false;
  }
  void add(const ReSubject& s) {
    if (contains(s)) return;
    Binary* b = refc_of(s.refc_binary);
    binary_incref(b);
    Entry& e = entries_[next_++ % SIZE];
    if (e.bin) binary_decref(e.bin);
    e = {b, s.bytes, s.length};
  }

 private:
  static constexpr unsigned SIZE = 4;
  struct Entry {
    Binary* bin = nullptr;
    const uint8_t* bytes = nullptr;
    size_t length = 0;
  };
  Entry entries_[SIZE];
  unsigned next_ = 0;
};

thread_local CheckedSubjects tls_checked;

bool utf8_error(int rc) {
  return (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21) || rc == PCRE2_ERROR_BADUTFOFFSET;
}

Term compile_error_term(Process* p, const re::CompileError& e) {
  Term text = make_string_list(p->heap, e.text.c_str());
  return make_tuple(p->heap, {text, make_small(Sint(e.offset))});
}

// {re_pattern, Groups, Unicode, UseCrlf, Bytes}
Term pattern_term(Process* p, std::string_view source, const re::CompileSpec& spec,
                  const re::Pattern& pattern, bool unicode) {
  std::string bytes = re::serialize(source, spec);
  Term bin = new_binary(p->heap, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return make_tuple(p->heap, {atom::re_pattern, make_small(Sint(pattern.capture_count())),
                              make_small(unicode ? 1 : 0), make_small(pattern.use_crlf() ? 1 : 0), bin});
}

// The compiled pattern of a {re_pattern, ...} term; null for anything
// else (a pattern ERTS compiled included: its bytes are PCRE 8's).
re::PatternPtr precompiled(Term mp, std::string_view* bytes) {
  if (!is_tuple(mp) || tuple_arity(mp) != 5) return nullptr;
  Term* t = tuple_ptr(mp);
  if (t[1] != atom::re_pattern || !is_small(t[2]) || !is_small(t[3]) || !is_small(t[4]) ||
      !is_binary(t[5]) || !bit_view(t[5]).aligned())
    return nullptr;
  BitView v = bit_view(t[5]);
  *bytes = {reinterpret_cast<const char*>(v.bytes + v.bit_offset / 8), v.byte_size()};
  return re::pattern_from_bytes(*bytes);
}

Export* re_export(Term function, Uint arity) { return export_put(atom::re, function, arity); }

Term re_compile(Process* p, Term re_arg, Term opts) {
  ReOptions o;
  if (!parse_options(opts, &o) || (o.flags & RE_RUN_ONLY)) return badopt(p);
  bool unicode = o.flags & RE_UNICODE;
  if (unicode && !is_bitstring(re_arg)) {
    static Export* ucompile = re_export(atom::ucompile, 2);
    return bif_trap(p, ucompile, {re_arg, opts});
  }
  std::string buf;
  std::string_view source;
  if (!iodata_bytes(re_arg, &buf, &source)) return bif_badarg(p);
  re::CompileResult r = re::compile(source, o.spec);
  if (!r.pattern) return make_tuple(p->heap, {atom::error, compile_error_term(p, r.error)});
  return make_tuple(p->heap, {atom::ok, pattern_term(p, source, o.spec, *r.pattern, unicode)});
}

// What re_run works with once the pattern is settled.
struct RunSetup {
  re::PatternPtr pattern;
  size_t pairs = 1;
  // run-time newline options PCRE 8 refuses at match time
  // (PCRE_ERROR_BADNEWLINE, which ERTS 25 raises as internal_error)
  bool bad_newline = false;
};

// The run-time newline and \R options of a run with a precompiled
// pattern: PCRE 8 took them at match time, over the compiled ones;
// PCRE2 only at compile time, so the pattern is compiled again with them.
bool apply_run_newline(const ReOptions& o, std::string_view bytes, RunSetup* setup) {
  re::CompileSpec spec;
  std::string_view source;
  if (!re::deserialize(bytes, &spec, &source)) return false;
  if (o.spec.newline) spec.newline = o.spec.newline;
  if (o.spec.bsr) spec.bsr = o.spec.bsr;
  re::CompileResult r = re::compile(source, spec);
  if (!r.pattern) {
    setup->bad_newline = true;
    return true;
  }
  setup->pattern = r.pattern;
  return true;
}

Term match_outcome(Process* p, const ReOptions& o, const CaptureSpec& cap, const re::MatchResult& m,
                   const ReSubject& subject) {
  if (m.rc > 0) return build_match_result(p, cap, m, subject);
  if (utf8_error(m.rc)) return bif_badarg(p);
  if (o.flags & RE_REPORT_ERRORS) {
    if (m.rc == PCRE2_ERROR_MATCHLIMIT) return make_tuple(p->heap, {atom::error, atom::match_limit});
    if (m.rc == PCRE2_ERROR_DEPTHLIMIT || m.rc == PCRE2_ERROR_HEAPLIMIT)
      return make_tuple(p->heap, {atom::error, atom::match_limit_recursion});
  }
  return atom::nomatch;
}

// re:run/2,3 and re:internal_run/4 (first: FirstCall). self and args are
// the BIF and its arguments, for the call again on a dirty scheduler.
Term re_run(Process* p, Term subj, Term re_arg, Term opts, bool first, BifFn self, Term* args,
            unsigned arity) {
  ReOptions o;
  if (!parse_options(opts, &o)) return badopt(p);
  bool list_capture = (o.flags & RE_CAPTURE) && o.capture_type == atom::list;
  bool global = o.flags & RE_GLOBAL;
  static Export* urun = re_export(atom::urun, 3);
  static Export* grun = re_export(atom::grun, 3);
  RunSetup setup;
  if (!is_tuple(re_arg) || tuple_arity(re_arg) != 5) {
    if (!is_bitstring(re_arg) && !is_list(re_arg) && !is_nil(re_arg)) return bif_badarg(p);
    if ((o.flags & RE_UNICODE) &&
        (!is_bitstring(re_arg) || !is_bitstring(subj) || (list_capture && !global)))
      return bif_trap(p, urun, {subj, re_arg, opts});
    std::string buf;
    std::string_view source;
    if (!iodata_bytes(re_arg, &buf, &source)) return bif_badarg(p);
    re::CompileResult r = re::compile(source, o.spec);
    if (!r.pattern) {
      if (!(o.flags & RE_REPORT_ERRORS)) return bif_badarg(p);
      Term err = make_tuple(p->heap, {atom::compile, compile_error_term(p, r.error)});
      return make_tuple(p->heap, {atom::error, err});
    }
    if (global) {
      Term mp = pattern_term(p, source, o.spec, *r.pattern, o.flags & RE_UNICODE);
      Term compile_opts = (o.flags & RE_COMPILE_ONLY) ? atom::am_true : atom::am_false;
      // the original pattern rides along for re:grun's exceptions
      return bif_trap(p, grun, {subj, mp, make_tuple(p->heap, {opts, compile_opts, re_arg})});
    }
    setup.pattern = r.pattern;
    setup.pairs = r.pattern->capture_count() + 1;
  } else {
    if (o.flags & RE_COMPILE_ONLY) return bif_badarg(p);
    std::string_view bytes;
    setup.pattern = precompiled(re_arg, &bytes);
    if (!setup.pattern) return bif_badarg(p);
    if (small_value(tuple_elem(re_arg, 3)) != 0 && (!is_bitstring(subj) || (list_capture && !global)))
      return bif_trap(p, urun, {subj, re_arg, opts});
    if (global) return bif_trap(p, grun, {subj, re_arg, make_tuple(p->heap, {opts, atom::am_false})});
    // the group count the term claims sizes the offsets vector, as in ERTS
    Sint groups = small_value(tuple_elem(re_arg, 2));
    if (groups < 0 || groups > 65535) return bif_badarg(p);
    setup.pairs = size_t(groups) + 1;
    if ((o.spec.newline || o.spec.bsr) && !apply_run_newline(o, bytes, &setup)) return bif_badarg(p);
  }
  CaptureSpec cap;
  if (!build_capture_spec(o.capture_values, o.capture_type, *setup.pattern, &cap)) return bif_badarg(p);
  std::string subject_buf;
  ReSubject subject;
  if (!subject_of(subj, &subject_buf, &subject)) return bif_badarg(p);
  // PCRE 8's other errors: ERTS 25 raises what it does not expect as
  // an internal error
  if (o.offset > subject.length || setup.bad_newline) return internal_error(p);

  re::MatchRequest req;
  req.pattern = setup.pattern.get();
  req.subject = subject.bytes;
  req.length = subject.length;
  req.offset = o.offset;
  req.options = o.match;
  req.match_limit = o.match_limit;
  req.depth_limit = o.depth_limit;
  req.pairs = setup.pairs;
  bool refc = is_value(subject.refc_binary);
  if (!first && req.pattern->utf() && refc && tls_checked.contains(subject))
    req.options |= PCRE2_NO_UTF_CHECK;
  re::MatchResult m;
  bool on_dirty = p->sched && p->sched->kind != SchedKind::normal;
  if (on_dirty) {
    m = re::match(req);
  } else {
    if (!re::match_bounded(req, BOUNDED_WORK, &m)) {
      Term again[4];
      std::copy(args, args + arity, again);
      if (arity == 2) return bif_dirty(p, SchedKind::dirty_cpu, self, {again[0], again[1]});
      if (arity == 3) return bif_dirty(p, SchedKind::dirty_cpu, self, {again[0], again[1], again[2]});
      return bif_dirty(p, SchedKind::dirty_cpu, self, {again[0], again[1], again[2], again[3]});
    }
    if (p->sched)
      p->sched->bif_reds += int(std::min<size_t>(m.span / BYTES_PER_REDUCTION, CONTEXT_REDS));
  }
  if (req.pattern->utf() && refc && !utf8_error(m.rc)) tls_checked.add(subject);
  return match_outcome(p, o, cap, m, subject);
}

}  // namespace

Term re_version_0(Process* p, Term*) {
  static const char version[] = "8.44 2020-02-12";
  return new_binary(p->heap, reinterpret_cast<const uint8_t*>(version), sizeof version - 1);
}

Term re_compile_1(Process* p, Term* args) { return re_compile(p, args[0], NIL); }
Term re_compile_2(Process* p, Term* args) { return re_compile(p, args[0], args[1]); }

Term re_run_2(Process* p, Term* args) {
  return re_run(p, args[0], args[1], NIL, true, re_run_2, args, 2);
}
Term re_run_3(Process* p, Term* args) {
  return re_run(p, args[0], args[1], args[2], true, re_run_3, args, 3);
}

Term re_internal_run_4(Process* p, Term* args) {
  if (args[3] != atom::am_true && args[3] != atom::am_false) return bif_badarg(p);
  return re_run(p, args[0], args[1], args[2], args[3] == atom::am_true, re_internal_run_4, args, 4);
}

Term re_inspect_2(Process* p, Term* args) {
  std::string_view bytes;
  re::PatternPtr pattern = precompiled(args[0], &bytes);
  if (!pattern || args[1] != atom::namelist) return bif_badarg(p);
  std::vector<Term> names;
  const auto& table = pattern->names();
  for (size_t i = 0; i < table.size(); i++) {
    if (i > 0 && table[i].name == table[i - 1].name) continue;
    const std::string& n = table[i].name;
    names.push_back(new_binary(p->heap, reinterpret_cast<const uint8_t*>(n.data()), n.size()));
  }
  Term list = make_list_from(p->heap, names.data(), names.size());
  return make_tuple(p->heap, {atom::namelist, list});
}

}  // namespace girder
