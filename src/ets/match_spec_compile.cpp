// Compiling match specifications (match_spec.h). The walk order and the
// messages follow ERTS (db_match_compile), so that erlang:match_spec_test/3
// lists the same errors in the same order.
#include <algorithm>
#include <cstring>
#include <string_view>

#include "ets/match_spec_internal.h"
#include "term/atom_table.h"
#include "term/map.h"

namespace girder {

namespace {

MsRuntime g_runtime;

// The guard functions a table match spec may call (erlang:F/A), and the
// two that only trace match specs may call.
struct GuardFunction {
  const char* name;
  unsigned arity;
  bool trace_only;
};
constexpr GuardFunction GUARD_FUNCTIONS[] = {
    {"is_atom", 1, false},     {"is_float", 1, false},    {"is_integer", 1, false},
    {"is_list", 1, false},     {"is_number", 1, false},   {"is_pid", 1, false},
    {"is_port", 1, false},     {"is_reference", 1, false}, {"is_tuple", 1, false},
    {"is_map", 1, false},      {"is_binary", 1, false},   {"is_function", 1, false},
    {"is_record", 3, false},   {"is_map_key", 2, false},  {"abs", 1, false},
    {"element", 2, false},     {"hd", 1, false},          {"length", 1, false},
    {"node", 1, false},        {"node", 0, false},        {"round", 1, false},
    {"size", 1, false},        {"map_size", 1, false},    {"map_get", 2, false},
    {"bit_size", 1, false},    {"byte_size", 1, false},   {"binary_part", 2, false},
    {"binary_part", 3, false}, {"tl", 1, false},          {"trunc", 1, false},
    {"float", 1, false},       {"+", 1, false},           {"-", 1, false},
    {"+", 2, false},           {"-", 2, false},           {"*", 2, false},
    {"/", 2, false},           {"div", 2, false},         {"rem", 2, false},
    {"band", 2, false},        {"bor", 2, false},         {"bxor", 2, false},
    {"bnot", 1, false},        {"bsl", 2, false},         {"bsr", 2, false},
    {">", 2, false},           {">=", 2, false},          {"<", 2, false},
    {"=<", 2, false},          {"=:=", 2, false},         {"==", 2, false},
    {"=/=", 2, false},         {"/=", 2, false},          {"not", 1, false},
    {"xor", 2, false},         {"get_tcw", 0, true},      {"set_tcw", 1, true},
};

// Trace-only special forms, with the name ERTS's message gives each.
struct TraceForm {
  const char* name;
  const char* shown;
};
constexpr TraceForm TRACE_FORMS[] = {
    {"message", "message"},
    {"is_seq_trace", "is_seq_trace"},
    {"set_seq_token", "set_seq_trace"},  // sic: ERTS's message
    {"get_seq_token", "get_seq_token"},
    {"return_trace", "return_trace"},
    {"exception_trace", "exception_trace"},
    {"display", "display"},
    {"process_dump", "process_dump"},
    {"enable_trace", "enable_trace"},
    {"disable_trace", "disable_trace"},
    {"trace", "trace"},
    {"caller", "caller"},
    {"caller_line", "caller_line"},
    {"silent", "silent"},
};

std::string printed(Term t) { return g_runtime.print ? g_runtime.print(t) : std::string("?"); }

class Compiler {
 public:
  Compiler(MatchProg& prog, std::vector<std::string>& errors) : prog_(prog), errors_(errors) {}

  // False if a clause had errors (no later clause is compiled).
  bool clause(Term head, Term guards, Term body);

 private:
  // Compile results: a node index, or FAILED when the node could not be
  // made (its error is recorded).
  static constexpr uint32_t FAILED = UINT32_MAX;

  uint32_t add(MsNode n) {
    prog_.nodes.push_back(n);
    return uint32_t(prog_.nodes.size() - 1);
  }
  uint32_t add_kids(const std::vector<uint32_t>& kids) {
    uint32_t first = uint32_t(prog_.kids.size());
    prog_.kids.insert(prog_.kids.end(), kids.begin(), kids.end());
    return first;
  }
  void error(std::string s) { errors_.push_back(std::move(s)); }

  void collect_vars(Term t);
  uint32_t pattern(Term t);
  uint32_t expr(Term t);
  uint32_t constant(Term t) {
    MsNode n{MsOp::e_const};
    n.term = t;
    return add(n);
  }
  // A node that yields exactly its source term (so a parent whose parts
  // all do may become one constant).
  bool is_self(uint32_t node, Term src) const {
    return node != FAILED && prog_.nodes[node].op == MsOp::e_const && prog_.nodes[node].term == src;
  }
  uint32_t call(Term t, Term* e, Uint arity);
  uint32_t args(MsOp op, Term* e, Uint nargs, bool reverse, MsGuardFn fn = nullptr);
  bool expr_list(Term l, std::vector<uint32_t>* out, bool body);

  MatchProg& prog_;
  std::vector<std::string>& errors_;
  std::vector<uint32_t> var_numbers_;  // '$N' of the head, ascending
  std::vector<bool> bound_;            // by variable index, while matching
  bool fatal_ = false;                 // {const} with bad arity: stop
};

uint32_t var_index(const std::vector<uint32_t>& numbers, uint32_t n) {
  auto it = std::lower_bound(numbers.begin(), numbers.end(), n);
  return it != numbers.end() && *it == n ? uint32_t(it - numbers.begin()) : UINT32_MAX;
}

void Compiler::collect_vars(Term t) {
  if (is_atom(t)) {
    int64_t v = ms_variable(t);
    if (v >= 0) var_numbers_.push_back(uint32_t(v));
  } else if (is_list(t)) {
    collect_vars(car(t));
    collect_vars(cdr(t));
  } else if (is_tuple(t)) {
    for (Uint i = 1; i <= tuple_arity(t); i++) collect_vars(tuple_elem(t, i));
  } else if (is_map(t)) {
    map_foreach(t, [&](Term, Term v) { collect_vars(v); });
  }
}

uint32_t Compiler::pattern(Term t) {
  if (is_atom(t)) {
    if (t == atom::am_underscore) return add(MsNode{MsOp::p_any});
    int64_t v = ms_variable(t);
    if (v >= 0) {
      uint32_t ix = var_index(var_numbers_, uint32_t(v));
      MsNode n{bound_[ix] ? MsOp::p_check : MsOp::p_bind};
      n.n = ix;
      bound_[ix] = true;
      return add(n);
    }
  } else if (is_list(t)) {
    uint32_t h = pattern(car(t));
    uint32_t tl = pattern(cdr(t));
    if (h == FAILED || tl == FAILED) return FAILED;
    MsNode n{MsOp::p_cons};
    n.n = 2;
    n.first = add_kids({h, tl});
    return add(n);
  } else if (is_tuple(t)) {
    std::vector<uint32_t> kids;
    for (Uint i = 1; i <= tuple_arity(t); i++) {
      uint32_t k = pattern(tuple_elem(t, i));
      if (k == FAILED) return FAILED;
      kids.push_back(k);
    }
    MsNode n{MsOp::p_tuple};
    n.n = uint32_t(kids.size());
    n.first = add_kids(kids);
    return add(n);
  } else if (is_map(t)) {
    std::vector<Term> keys;
    std::vector<Term> vals;
    map_foreach(t, [&](Term k, Term v) {
      keys.push_back(k);
      vals.push_back(v);
    });
    for (Term k : keys) {
      if (k == atom::am_underscore) {
        error("Underscore found in map key.");
        return FAILED;
      }
      if (ms_variable(k) >= 0) {
        error("Variable found in map key.");
        return FAILED;
      }
    }
    std::vector<uint32_t> kids;
    for (Term v : vals) {
      uint32_t k = pattern(v);
      if (k == FAILED) return FAILED;
      kids.push_back(k);
    }
    MsNode n{MsOp::p_map};
    n.n = uint32_t(kids.size());
    n.first = add_kids(kids);
    n.aux = uint32_t(prog_.keys.size());
    prog_.keys.insert(prog_.keys.end(), keys.begin(), keys.end());
    return add(n);
  }
  MsNode n{MsOp::p_const};
  n.term = t;
  return add(n);
}

// Arguments e[0..nargs) of op; ERTS compiles a call's arguments last to
// first (which orders its messages), andalso/orelse's first to last.
uint32_t Compiler::args(MsOp op, Term* e, Uint nargs, bool reverse, MsGuardFn fn) {
  std::vector<uint32_t> kids(nargs, FAILED);
  bool ok = true;
  for (Uint j = 0; j < nargs; j++) {
    Uint i = reverse ? nargs - 1 - j : j;
    kids[i] = expr(e[i]);
    ok &= kids[i] != FAILED;
    if (fatal_) return FAILED;
  }
  if (!ok) return FAILED;
  MsNode n{op};
  n.n = uint32_t(nargs);
  n.first = add_kids(kids);
  n.fn = fn;
  return add(n);
}

uint32_t Compiler::call(Term t, Term* e, Uint arity) {
  Term f = e[0];
  std::string_view name = atom_name(f);
  Uint nargs = arity - 1;
  auto is = [&](const char* s) { return name == s; };
  if (is("const")) {
    if (arity != 2) {
      error("Special form 'const' called with more than one argument in " + printed(t) + ".");
      fatal_ = true;
      return FAILED;
    }
    return constant(e[1]);
  }
  if (is("and") || is("or") || is("andalso") || is("orelse")) {
    if (nargs == 0) {
      error("Special form '" + std::string(name) + "' called without arguments in " + printed(t) + ".");
      return FAILED;
    }
    MsOp op = is("and") ? MsOp::e_and : is("or") ? MsOp::e_or : is("andalso") ? MsOp::e_andalso : MsOp::e_orelse;
    return args(op, e + 1, nargs, op == MsOp::e_and || op == MsOp::e_or);
  }
  if (is("self")) {
    if (nargs != 0) {
      error("Special form 'self' called with arguments in " + printed(t) + ".");
      return FAILED;
    }
    return add(MsNode{MsOp::e_self});
  }
  for (const TraceForm& tf : TRACE_FORMS) {
    if (name != tf.name) continue;
    if (prog_.dialect == MsDialect::trace) {
      // what match_spec_test/3 shows of a trace action: the message, the
      // return_trace and exception_trace flags; the others count as done
      std::string_view n = tf.name;
      if (n == "message" && nargs == 1) return args(MsOp::e_trace_message, e + 1, 1, false);
      if ((n == "return_trace" || n == "exception_trace") && nargs == 0) {
        MsNode flag{MsOp::e_trace_flag};
        flag.term = f;
        return add(flag);
      }
      uint32_t r = args(MsOp::e_and, e + 1, nargs, true);
      return r == FAILED ? FAILED : constant(atom::am_true);
    }
    error(std::string("Special form '") + tf.shown + "' used in wrong dialect.");
    return FAILED;
  }
  for (const GuardFunction& g : GUARD_FUNCTIONS) {
    if (name != g.name || g.arity != nargs) continue;
    if (g.trace_only && prog_.dialect != MsDialect::trace) {
      error("Function " + printed(f) + "/" + std::to_string(nargs) + " cannot be called in this context.");
      return FAILED;
    }
    MsGuardFn fn = g_runtime.resolve ? g_runtime.resolve(f, unsigned(nargs)) : nullptr;
    if (!fn) break;
    return args(MsOp::e_call, e + 1, nargs, true, fn);
  }
  error("Function " + printed(f) + "/" + std::to_string(nargs) + " does_not_exist.");
  return FAILED;
}

uint32_t Compiler::expr(Term t) {
  if (is_atom(t)) {
    if (t == atom::dollar_underscore) return add(MsNode{MsOp::e_whole});
    if (t == atom::dollar_dollar) return add(MsNode{MsOp::e_allvars});
    int64_t v = ms_variable(t);
    if (v < 0) return constant(t);
    uint32_t ix = var_index(var_numbers_, uint32_t(v));
    if (ix == UINT32_MAX) {
      error("Variable $" + std::to_string(v) + " is unbound.");
      return FAILED;
    }
    MsNode n{MsOp::e_var};
    n.n = ix;
    return add(n);
  }
  if (is_list(t)) {
    uint32_t h = expr(car(t));
    if (fatal_) return FAILED;
    uint32_t tl = expr(cdr(t));
    if (h == FAILED || tl == FAILED) return FAILED;
    if (is_self(h, car(t)) && is_self(tl, cdr(t))) return constant(t);
    MsNode n{MsOp::e_cons};
    n.n = 2;
    n.first = add_kids({h, tl});
    return add(n);
  }
  if (is_tuple(t)) {
    Uint arity = tuple_arity(t);
    Term* e = tuple_ptr(t) + 1;
    if (arity == 1 && is_tuple(e[0])) {
      // {{E...}}: a tuple built from expressions
      Term inner = e[0];
      uint32_t r = args(MsOp::e_tuple, tuple_ptr(inner) + 1, tuple_arity(inner), true);
      if (r == FAILED) return FAILED;
      const MsNode& n = prog_.nodes[r];
      bool all_self = true;
      for (uint32_t i = 0; i < n.n; i++) all_self &= is_self(prog_.kids[n.first + i], tuple_elem(inner, i + 1));
      return all_self ? constant(inner) : r;
    }
    if (arity >= 1 && is_atom(e[0]) && ms_variable(e[0]) < 0) return call(t, e, arity);
    error(printed(t) + " is neither a function call, nor a tuple (tuples are written {{ ... }}).");
    return FAILED;
  }
  if (is_map(t)) {
    std::vector<Term> kv;
    map_foreach(t, [&](Term k, Term) { kv.push_back(k); });
    Uint n = kv.size();
    map_foreach(t, [&](Term, Term v) { kv.push_back(v); });
    // values last to first, then keys last to first (ERTS's order)
    std::vector<Term> order(kv.rbegin(), kv.rend());
    uint32_t r = args(MsOp::e_map, order.data(), 2 * n, false);
    if (r == FAILED) return FAILED;
    MsNode& node = prog_.nodes[r];
    std::reverse(prog_.kids.begin() + node.first, prog_.kids.begin() + node.first + 2 * n);
    bool all_self = true;
    for (Uint i = 0; i < 2 * n; i++) all_self &= is_self(prog_.kids[node.first + i], kv[i]);
    return all_self ? constant(t) : r;
  }
  return constant(t);
}

bool Compiler::expr_list(Term l, std::vector<uint32_t>* out, bool body) {
  if (!is_list(l) && !is_nil(l)) {
    error(body ? "Body clause does not return anything." : "Match expression is not a list.");
    return false;
  }
  bool ok = true;
  for (; is_list(l); l = cdr(l)) {
    uint32_t e = expr(car(l));
    if (fatal_) return false;
    ok &= e != FAILED;
    out->push_back(e);
  }
  if (!is_nil(l)) {
    error("Match expression is not a proper list.");
    return false;
  }
  if (body && out->empty()) {
    error("Body clause does not return anything.");
    return false;
  }
  return ok;
}

bool Compiler::clause(Term head, Term guards, Term body) {
  MsClause c;
  c.head_term = head;
  c.body_term = body;
  var_numbers_.clear();
  collect_vars(head);
  std::sort(var_numbers_.begin(), var_numbers_.end());
  var_numbers_.erase(std::unique(var_numbers_.begin(), var_numbers_.end()), var_numbers_.end());
  bound_.assign(var_numbers_.size(), false);
  c.nvars = uint32_t(var_numbers_.size());
  c.head = pattern(head);
  if (c.head == FAILED) return false;
  bool ok = expr_list(guards, &c.guards, false);
  if (fatal_) return false;
  ok &= expr_list(body, &c.body, true);
  if (!ok || fatal_) return false;
  prog_.max_vars = std::max(prog_.max_vars, c.nvars);
  prog_.clauses.push_back(std::move(c));
  return true;
}

}  // namespace

int64_t ms_variable(Term t) {
  if (!is_atom(t)) return -1;
  std::string_view s = atom_name(t);
  if (s.size() < 2 || s[0] != '$') return -1;
  if (s.size() > 2 && s[1] == '0') return -1;
  uint32_t n = 0;
  for (size_t i = 1; i < s.size(); i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    n = n * 10 + uint32_t(s[i] - '0');
  }
  return n;
}

void ms_install_runtime(const MsRuntime& rt) { g_runtime = rt; }

MsCompiled ms_compile(Term spec, MsDialect dialect) {
  MsCompiled out;
  auto prog = std::make_shared<MatchProg>();
  prog->dialect = dialect;
  // the whole list's shape first, as ERTS checks it
  if (!is_list(spec)) {
    out.errors.push_back("Match programs are not in a list.");
    return out;
  }
  Term l = spec;
  for (; is_list(l); l = cdr(l)) {
    Term c = car(l);
    if (!is_tuple(c) || tuple_arity(c) != 3) {
      out.errors.push_back("Match program part is not a tuple of arity 3.");
      return out;
    }
  }
  if (!is_nil(l)) {
    out.errors.push_back("Match programs are not in a proper list.");
    return out;
  }
  prog->source.set(spec);
  Compiler comp(*prog, out.errors);
  bool returns_object = true;
  for (l = prog->source.term; is_list(l); l = cdr(l)) {
    Term* c = tuple_ptr(car(l));
    // a trace head is a list, matched against the argument list
    if (!comp.clause(c[1], c[2], c[3])) return out;
    returns_object &= is_list(c[3]) && car(c[3]) == atom::dollar_underscore && is_nil(cdr(c[3]));
  }
  if (!out.errors.empty()) return out;
  prog->returns_object = returns_object;
  out.prog = std::move(prog);
  return out;
}

Term ms_source(const MatchProg& prog) { return prog.source.term; }

std::shared_ptr<const MatchProg> ms_empty_program() {
  static const auto empty = std::make_shared<const MatchProg>();
  return empty;
}

}  // namespace girder
