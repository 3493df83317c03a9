// Running compiled match specifications (match_spec.h), and the analyses
// the ETS operations make of a program.
#include "ets/match_spec_internal.h"
#include "term/atom_table.h"
#include "term/compare.h"
#include "term/map.h"

namespace girder {

namespace {

class Run {
 public:
  Run(const MatchProg& prog, Process* p, Term obj, Term* vars, uint32_t nvars, MsRunner& runner)
      : prog_(prog), p_(p), obj_(obj), vars_(vars), nvars_(nvars), runner_(runner) {}

  bool match(uint32_t node, Term t);
  // THE_NON_VALUE when the expression raises.
  Term eval(uint32_t node);

 private:
  const MsNode& node(uint32_t i) const { return prog_.nodes[i]; }
  uint32_t kid(const MsNode& n, uint32_t i) const { return prog_.kids[n.first + i]; }

  const MatchProg& prog_;
  Process* p_;
  Term obj_;
  Term* vars_;
  uint32_t nvars_;
  MsRunner& runner_;
};

bool Run::match(uint32_t ni, Term t) {
  const MsNode& n = node(ni);
  switch (n.op) {
    case MsOp::p_any:
      return true;
    case MsOp::p_bind:
      vars_[n.n] = t;
      return true;
    case MsOp::p_check:
      return eq_exact(vars_[n.n], t);
    case MsOp::p_const:
      return n.term == t || eq_exact(n.term, t);
    case MsOp::p_tuple: {
      if (!is_tuple(t) || tuple_arity(t) != n.n) return false;
      Term* e = tuple_ptr(t) + 1;
      for (uint32_t i = 0; i < n.n; i++)
        if (!match(kid(n, i), e[i])) return false;
      return true;
    }
    case MsOp::p_cons:
      return is_list(t) && match(kid(n, 0), car(t)) && match(kid(n, 1), cdr(t));
    case MsOp::p_map: {
      if (!is_map(t)) return false;
      for (uint32_t i = 0; i < n.n; i++) {
        const Term* v = map_get(t, prog_.keys[n.aux + i]);
        if (!v || !match(kid(n, i), *v)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

Term Run::eval(uint32_t ni) {
  const MsNode& n = node(ni);
  Heap& h = p_->heap;
  switch (n.op) {
    case MsOp::e_const:
      return n.term;
    case MsOp::e_var:
      return vars_[n.n];
    case MsOp::e_whole:
      return obj_;
    case MsOp::e_allvars:
      return make_list_from(h, vars_, nvars_);
    case MsOp::e_self:
      return p_->id;
    case MsOp::e_tuple: {
      Term* t = h.alloc(n.n + 1);
      t[0] = make_header(n.n, SUB_TUPLE);
      for (uint32_t i = 0; i < n.n; i++) {
        Term v = eval(kid(n, i));
        if (!is_value(v)) return v;
        t[i + 1] = v;
      }
      return make_boxed(t);
    }
    case MsOp::e_cons: {
      Term hd = eval(kid(n, 0));
      if (!is_value(hd)) return hd;
      Term tl = eval(kid(n, 1));
      if (!is_value(tl)) return tl;
      return make_cons(h, hd, tl);
    }
    case MsOp::e_map: {
      std::vector<Term> kv(n.n);  // keys, then values
      for (uint32_t i = 0; i < n.n; i++) {
        kv[i] = eval(kid(n, i));
        if (!is_value(kv[i])) return kv[i];
      }
      uint32_t pairs = n.n / 2;
      return map_from_pairs(h, kv.data(), kv.data() + pairs, pairs);
    }
    case MsOp::e_call: {
      Term args[3];
      for (uint32_t i = 0; i < n.n; i++) {
        args[i] = eval(kid(n, i));
        if (!is_value(args[i])) return args[i];
      }
      // A guard or body that raises just fails here, so the exception the
      // function leaves in p goes: its reason may hold the arguments
      // ({badmap, M}), which may lie in an ETS object, and the collector
      // must never meet a pointer into a table (it would move the object).
      Term exc[] = {p_->exc_class, p_->exc_reason, p_->exc_info, p_->exc_args};
      uint8_t flags = p_->exc_flags;
      Term r = n.fn(p_, args);
      if (!is_value(r)) {
        p_->exc_class = exc[0];
        p_->exc_reason = exc[1];
        p_->exc_info = exc[2];
        p_->exc_args = exc[3];
        p_->exc_flags = flags;
      }
      return r;
    }
    case MsOp::e_and:
    case MsOp::e_or: {
      // every argument is evaluated and must be a boolean
      bool is_and = n.op == MsOp::e_and;
      bool acc = is_and;
      for (uint32_t i = 0; i < n.n; i++) {
        Term v = eval(kid(n, i));
        if (v != atom::am_true && v != atom::am_false) return THE_NON_VALUE;
        acc = is_and ? acc && v == atom::am_true : acc || v == atom::am_true;
      }
      return acc ? atom::am_true : atom::am_false;
    }
    case MsOp::e_andalso:
    case MsOp::e_orelse: {
      // as in Erlang: the last argument's value is not checked
      Term stop = n.op == MsOp::e_andalso ? atom::am_false : atom::am_true;
      Term go = n.op == MsOp::e_andalso ? atom::am_true : atom::am_false;
      for (uint32_t i = 0; i + 1 < n.n; i++) {
        Term v = eval(kid(n, i));
        if (v == stop) return stop;
        if (v != go) return THE_NON_VALUE;
      }
      return eval(kid(n, n.n - 1));
    }
    case MsOp::e_trace_message: {
      Term m = eval(kid(n, 0));
      if (!is_value(m)) return m;
      runner_.trace_message = m;
      return atom::am_true;
    }
    case MsOp::e_trace_flag:
      runner_.trace_flags.push_back(n.term);
      return atom::am_true;
    default:
      return THE_NON_VALUE;
  }
}

}  // namespace

Term MsRunner::run(const MatchProg& prog, Process* p, Term obj) {
  if (vars_.size() < prog.max_vars) vars_.resize(prog.max_vars);
  trace_message = THE_NON_VALUE;
  trace_flags.clear();
  for (const MsClause& c : prog.clauses) {
    Run r(prog, p, obj, vars_.data(), c.nvars, *this);
    if (!r.match(c.head, obj)) continue;
    bool pass = true;
    for (uint32_t g : c.guards) {
      if (r.eval(g) != atom::am_true) {
        pass = false;
        break;
      }
    }
    if (!pass) continue;
    Term result = THE_NON_VALUE;
    for (uint32_t b : c.body) {
      result = r.eval(b);
      if (!is_value(result)) result = atom::EXIT;
    }
    return result;
  }
  return THE_NON_VALUE;
}

bool ms_returns_object(const MatchProg& prog) { return prog.returns_object; }

namespace {
// True if t (part of a head) holds no variable and no '_'.
bool is_ground(Term t) {
  if (is_atom(t)) return t != atom::am_underscore && ms_variable(t) < 0;
  if (is_list(t)) return is_ground(car(t)) && is_ground(cdr(t));
  if (is_tuple(t)) {
    for (Uint i = 1; i <= tuple_arity(t); i++)
      if (!is_ground(tuple_elem(t, i))) return false;
    return true;
  }
  if (is_map(t)) {
    bool ground = true;
    map_foreach(t, [&](Term, Term v) { ground = ground && is_ground(v); });
    return ground;
  }
  return true;
}
}  // namespace

bool ms_bound_keys(const MatchProg& prog, Uint keypos, std::vector<Term>* keys) {
  keys->clear();
  for (const MsClause& c : prog.clauses) {
    Term h = c.head_term;
    if (is_tuple(h)) {
      if (tuple_arity(h) < keypos) continue;  // matches no object
      Term k = tuple_elem(h, keypos);
      if (!is_ground(k)) return false;
      bool seen = false;
      for (Term o : *keys) seen = seen || eq_exact(o, k);
      if (!seen) keys->push_back(k);
    } else if (h == atom::am_underscore || ms_variable(h) >= 0) {
      return false;
    }
    // any other head is a constant, and objects are tuples: no match
  }
  return true;
}

namespace {
// Whether body expression b builds exactly the term that head pattern a
// matched (ERTS's db_match_eq_body): a variable for itself, constants for
// equal constants, {{...}} tuples and lists element by element.
bool same_term(Term a, Term b, bool const_mode) {
  if (is_list(b)) return is_list(a) && same_term(car(a), car(b), const_mode) && same_term(cdr(a), cdr(b), const_mode);
  if (is_tuple(b)) {
    if (!const_mode) {
      if (tuple_arity(b) == 1 && is_tuple(tuple_elem(b, 1))) {
        b = tuple_elem(b, 1);
      } else if (tuple_arity(b) == 2 && tuple_elem(b, 1) == atom::const_) {
        return same_term(a, tuple_elem(b, 2), true);
      } else {
        return false;  // a call
      }
    }
    if (!is_tuple(a) || tuple_arity(a) != tuple_arity(b)) return false;
    for (Uint i = 1; i <= tuple_arity(a); i++)
      if (!same_term(tuple_elem(a, i), tuple_elem(b, i), const_mode)) return false;
    return true;
  }
  if (is_map(b)) return false;
  if (is_atom(b) && !const_mode) {
    // '_' in a head matched anything; '$_' and '$$' in a body are not atoms
    if (b == atom::am_underscore || b == atom::dollar_underscore || b == atom::dollar_dollar) return false;
    return a == b;
  }
  if (is_atom(a) && (a == atom::am_underscore || ms_variable(a) >= 0)) return false;
  return eq_exact(a, b);
}
}  // namespace

bool ms_keeps_key(const MatchProg& prog, Uint keypos) {
  for (const MsClause& c : prog.clauses) {
    Term body = c.body_term;
    if (!is_list(body) || !is_nil(cdr(body))) return false;
    Term e = car(body);
    Term h = c.head_term;
    if (e == atom::dollar_underscore) continue;
    if (ms_variable(h) >= 0 && e == h) continue;  // the whole object, bound to a variable
    if (!is_tuple(h) || tuple_arity(h) < keypos) return false;
    Term built;
    bool const_mode;
    if (is_tuple(e) && tuple_arity(e) == 1 && is_tuple(tuple_elem(e, 1))) {
      built = tuple_elem(e, 1);
      const_mode = false;
    } else if (is_tuple(e) && tuple_arity(e) == 2 && tuple_elem(e, 1) == atom::const_ && is_tuple(tuple_elem(e, 2))) {
      built = tuple_elem(e, 2);
      const_mode = true;
    } else {
      return false;
    }
    if (tuple_arity(built) < keypos) return false;
    if (!same_term(tuple_elem(h, keypos), tuple_elem(built, keypos), const_mode)) return false;
  }
  return true;
}

}  // namespace girder
