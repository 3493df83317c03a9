// The math module's BIFs (every math function except pi/0, which is
// Erlang code). Each takes numbers, computes in double with the C library
// (the same libm ERTS calls), and returns a float.
//
// ERTS's errors, checked with erl: a non-number argument is badarg; a
// bignum too large for a double is badarith (math:sin(1 bsl 2000)); a
// result that is not finite (NaN or infinity) is badarith (math:sqrt(-1),
// math:log(0), math:pow(10.0, 400), math:fmod(1, 0)). Arguments are checked
// left to right.
#include <cmath>

#include "bif/bif.h"
#include "term/bignum.h"

namespace girder {

namespace {

enum class ArgStatus { OK, BADARG, BADARITH };

ArgStatus number_arg(Term t, double* out) {
  if (is_float(t)) {
    *out = float_value(t);
    return ArgStatus::OK;
  }
  if (is_small(t)) {
    *out = double(small_value(t));
    return ArgStatus::OK;
  }
  if (is_big(t)) return int_to_double(t, out) ? ArgStatus::OK : ArgStatus::BADARITH;
  return ArgStatus::BADARG;
}

Term raise(Process* p, ArgStatus s) {
  return s == ArgStatus::BADARG ? bif_badarg(p) : bif_badarith(p);
}

Term result(Process* p, double r) {
  if (!std::isfinite(r)) return bif_badarith(p);
  return make_float(p->heap, r);
}

Term math1(Process* p, Term* args, double (*fn)(double)) {
  double x;
  ArgStatus s = number_arg(args[0], &x);
  if (s != ArgStatus::OK) return raise(p, s);
  return result(p, fn(x));
}

Term math2(Process* p, Term* args, double (*fn)(double, double)) {
  double x, y;
  ArgStatus s = number_arg(args[0], &x);
  if (s != ArgStatus::OK) return raise(p, s);
  s = number_arg(args[1], &y);
  if (s != ArgStatus::OK) return raise(p, s);
  return result(p, fn(x, y));
}

// Plain function pointers to the double overloads of <cmath>.
double d_sin(double x) { return std::sin(x); }
double d_cos(double x) { return std::cos(x); }
double d_tan(double x) { return std::tan(x); }
double d_asin(double x) { return std::asin(x); }
double d_acos(double x) { return std::acos(x); }
double d_atan(double x) { return std::atan(x); }
double d_sinh(double x) { return std::sinh(x); }
double d_cosh(double x) { return std::cosh(x); }
double d_tanh(double x) { return std::tanh(x); }
double d_asinh(double x) { return std::asinh(x); }
double d_acosh(double x) { return std::acosh(x); }
double d_atanh(double x) { return std::atanh(x); }
double d_exp(double x) { return std::exp(x); }
double d_log(double x) { return std::log(x); }
double d_log2(double x) { return std::log2(x); }
double d_log10(double x) { return std::log10(x); }
double d_sqrt(double x) { return std::sqrt(x); }
double d_erf(double x) { return std::erf(x); }
double d_erfc(double x) { return std::erfc(x); }
double d_ceil(double x) { return std::ceil(x); }
double d_floor(double x) { return std::floor(x); }
double d_atan2(double y, double x) { return std::atan2(y, x); }
double d_pow(double x, double y) { return std::pow(x, y); }
double d_fmod(double x, double y) { return std::fmod(x, y); }

}  // namespace

Term math_sin_1(Process* p, Term* args) { return math1(p, args, d_sin); }
Term math_cos_1(Process* p, Term* args) { return math1(p, args, d_cos); }
Term math_tan_1(Process* p, Term* args) { return math1(p, args, d_tan); }
Term math_asin_1(Process* p, Term* args) { return math1(p, args, d_asin); }
Term math_acos_1(Process* p, Term* args) { return math1(p, args, d_acos); }
Term math_atan_1(Process* p, Term* args) { return math1(p, args, d_atan); }
Term math_sinh_1(Process* p, Term* args) { return math1(p, args, d_sinh); }
Term math_cosh_1(Process* p, Term* args) { return math1(p, args, d_cosh); }
Term math_tanh_1(Process* p, Term* args) { return math1(p, args, d_tanh); }
Term math_asinh_1(Process* p, Term* args) { return math1(p, args, d_asinh); }
Term math_acosh_1(Process* p, Term* args) { return math1(p, args, d_acosh); }
Term math_atanh_1(Process* p, Term* args) { return math1(p, args, d_atanh); }
Term math_exp_1(Process* p, Term* args) { return math1(p, args, d_exp); }
Term math_log_1(Process* p, Term* args) { return math1(p, args, d_log); }
Term math_log2_1(Process* p, Term* args) { return math1(p, args, d_log2); }
Term math_log10_1(Process* p, Term* args) { return math1(p, args, d_log10); }
Term math_sqrt_1(Process* p, Term* args) { return math1(p, args, d_sqrt); }
Term math_erf_1(Process* p, Term* args) { return math1(p, args, d_erf); }
Term math_erfc_1(Process* p, Term* args) { return math1(p, args, d_erfc); }
Term math_ceil_1(Process* p, Term* args) { return math1(p, args, d_ceil); }
Term math_floor_1(Process* p, Term* args) { return math1(p, args, d_floor); }
Term math_atan2_2(Process* p, Term* args) { return math2(p, args, d_atan2); }
Term math_pow_2(Process* p, Term* args) { return math2(p, args, d_pow); }
Term math_fmod_2(Process* p, Term* args) { return math2(p, args, d_fmod); }

}  // namespace girder
