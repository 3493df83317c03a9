// Float <-> text with ERTS's exact outputs (OTP 25):
//
//  - default (float_to_list/1) and {scientific, N}: C's "%.*e" (glibc prints
//    the exact binary value correctly rounded, as ERTS's printf does);
//  - short: the shortest digits that read back to the same double (Ryu's
//    digits, which std::to_chars also produces), laid out with the rules of
//    ERTS's Erlang-specific to_chars (see choose_fixed);
//  - {decimals, N}: ERTS's own fixed-point routine: up to 2^53 and below 19
//    decimals the fraction is scaled by 10^N *in floating point* and rounded
//    half away from zero (so 0.125 gives "0.13" where printf says "0.12");
//    otherwise printf's exact "%.*f";
//  - reading: the strict Erlang syntax, then strtod.
#include "term/float_format.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace girder {

namespace {

// ERTS formats into a 256-byte buffer and refuses (badarg) a text that
// would not fit with its terminating NUL.
constexpr size_t ERTS_FLOAT_BUF = 256;

constexpr double TWO_POW_53 = 9007199254740992.0;

// Shortest round-trip digits of a finite, non-zero |d|: value = digits *
// 10^exponent, with no trailing zeros in digits.
struct Shortest {
  char digits[24];
  int len;
  int exponent;
  Uint mantissa;
};

Shortest shortest_digits(double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(d), std::chars_format::scientific);
  // "D.DDDDe+XX" or "De-XX"
  Shortest s{};
  const char* p = buf;
  const char* end = res.ptr;
  while (p < end && *p != 'e') {
    if (*p != '.') s.digits[s.len++] = *p;
    p++;
  }
  // exponent: 'e', a sign, digits (to_chars writes no NUL)
  int sci_exp = 0;
  bool neg_exp = p + 1 < end && p[1] == '-';
  for (const char* q = p + 2; q < end; q++) sci_exp = sci_exp * 10 + (*q - '0');
  if (neg_exp) sci_exp = -sci_exp;
  s.exponent = sci_exp - (s.len - 1);
  s.mantissa = 0;
  for (int i = 0; i < s.len; i++) s.mantissa = s.mantissa * 10 + Uint(s.digits[i] - '0');
  return s;
}

// ERTS's choice between "123.45" and "1.2345e2" for the short form: the
// fixed form when the exponent of the last digit lies in a window that
// depends on the digit count (so that the fixed form is never the longer
// one), except where the fixed form would show an integer beyond 2^53 that
// is not exactly representable-looking.
bool choose_fixed(const Shortest& s) {
  int sci_exp = s.exponent + s.len - 1;
  int lower, upper;
  if (s.len == 1) {
    lower = -4;  // 0.0001 vs 1.0e-4
    upper = 2;   // 100.0 vs 1.0e2
  } else if (sci_exp >= 10) {
    lower = -(s.len + 2);
    upper = 2;  // 12345678900.0 vs 1.23456789e10
  } else {
    lower = -(s.len + 2);  // 0.001234 vs 1.234e-3
    upper = 1;             // 12340.0 vs 1.234e4
  }
  if (s.exponent < lower || s.exponent > upper) return false;
  // Integers from 2^53 up print in scientific form even inside the window.
  if (s.exponent == 0 && s.mantissa >= (Uint(1) << 53)) return false;
  if (s.exponent == 1 && s.mantissa > (Uint(1) << 52) / 5) return false;
  if (s.exponent == 2 && s.mantissa > (Uint(1) << 51) / 25) return false;
  return true;
}

// ERTS's trailing-zero removal for `compact`: drops every trailing '0', then
// gives one back if that exposed the decimal point ("1.500" -> "1.5",
// "1.000" -> "1.0", and with no point at all "100" -> "1").
void strip_trailing_zeros(std::string& s) {
  size_t end = s.size();
  while (end > 0 && s[end - 1] == '0') end--;
  if (end > 0 && s[end - 1] == '.') end++;
  s.resize(end);
}

std::string printf_double(const char* fmt, int precision, double d) {
  char buf[ERTS_FLOAT_BUF];
  int len = std::snprintf(buf, sizeof buf, fmt, precision, d);
  if (len < 0 || size_t(len) >= sizeof buf) return std::string();
  // a locale with a decimal comma would print one; ERTS writes '.'
  for (int i = 0; i < len; i++) {
    if (buf[i] == ',') buf[i] = '.';
  }
  return std::string(buf, size_t(len));
}

}  // namespace

std::string float_to_text_default(double d) { return printf_double("%.*e", 20, d); }

std::string float_to_text_short(double d) {
  if (!std::isfinite(d)) return std::isnan(d) ? "nan" : (d < 0 ? "-inf" : "inf");
  std::string out;
  if (std::signbit(d)) out.push_back('-');
  if (d == 0) {
    out += "0.0";
    return out;
  }
  Shortest s = shortest_digits(d);
  if (choose_fixed(s)) {
    int whole = s.len + s.exponent;  // digits before the decimal point
    if (s.exponent >= 0) {
      out.append(s.digits, size_t(s.len));
      out.append(size_t(s.exponent), '0');
      out += ".0";
    } else if (whole > 0) {
      out.append(s.digits, size_t(whole));
      out.push_back('.');
      out.append(s.digits + whole, size_t(s.len - whole));
    } else {
      out += "0.";
      out.append(size_t(-whole), '0');
      out.append(s.digits, size_t(s.len));
    }
    return out;
  }
  out.push_back(s.digits[0]);
  out.push_back('.');
  if (s.len > 1) {
    out.append(s.digits + 1, size_t(s.len - 1));
  } else {
    out.push_back('0');
  }
  out.push_back('e');
  out += std::to_string(s.exponent + s.len - 1);
  return out;
}

std::string float_to_text_decimals(double d, int decimals, bool compact) {
  static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,
                                 1e7,  1e8,  1e9,  1e10, 1e11, 1e12, 1e13,
                                 1e14, 1e15, 1e16, 1e17, 1e18};
  constexpr int FAST_DECIMALS = int(sizeof pow10 / sizeof pow10[0]);
  if (decimals < 0) return std::string();
  double af = std::fabs(d);
  if (!(af <= TWO_POW_53) || decimals >= FAST_DECIMALS) {
    // more than ERTS_FLOAT_BUF characters anyway
    if (decimals >= int(ERTS_FLOAT_BUF)) return std::string();
    std::string s = printf_double("%.*f", decimals, d);
    if (!s.empty() && compact) strip_trailing_zeros(s);
    return s;
  }
  std::string out;
  if (std::signbit(d)) out.push_back('-');
  if (decimals == 0) {
    out += std::to_string(Uint(std::llround(af)));
    return out;
  }
  double int_f = std::floor(af);
  double scaled = (af - int_f) * pow10[decimals];
  double frac_f = std::round(scaled);
  Uint int_part = Uint(int_f);
  Uint frac_part = Uint(frac_f);
  if (frac_f >= pow10[decimals]) {  // the rounding carried into the integer
    int_part++;
    frac_part = 0;
  }
  out += std::to_string(int_part);
  out.push_back('.');
  std::string frac = std::to_string(frac_part);
  out.append(size_t(decimals) - frac.size(), '0');
  out += frac;
  if (compact) strip_trailing_zeros(out);
  return out;
}

std::string float_to_text_scientific(double d, int digits) {
  // printf treats a negative precision as absent (6 digits)
  if (digits >= int(ERTS_FLOAT_BUF)) return std::string();
  return printf_double("%.*e", digits < 0 ? 6 : digits, d);
}

bool text_to_float(const char* s, Uint n, double* out) {
  // ERTS copies the text into a NUL-terminated buffer, so a NUL ends it
  n = Uint(strnlen(s, n));
  Uint i = 0;
  auto digits = [&]() {
    Uint start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    return i > start;
  };
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  if (!digits()) return false;
  if (i >= n || (s[i] != '.' && s[i] != ',')) return false;
  Uint point = i++;
  if (!digits()) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    if (!digits()) return false;
  }
  if (i != n) return false;
  std::string buf(s, n);
  buf[point] = '.';  // ERTS also accepts a decimal comma
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(buf.c_str(), &end);
  // ERANGE for an underflow is fine (the result is 0 or subnormal); for an
  // overflow it is an error
  if (errno == ERANGE && std::fabs(v) > 1.0e-307) return false;
  *out = v;
  return true;
}

}  // namespace girder
