// Integers to and from text in bases 2..36 (integer_to_list/2,
// list_to_integer/2 and friends). Bignums go through mpn_get_str and
// mpn_set_str, which are subquadratic, so a 100,000-digit number converts
// in milliseconds.
#include <cstring>
#include <vector>

#include "term/bignum.h"
#include "term/bignum_internal.h"

namespace girder {

namespace {

constexpr char DIGITS[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// Value of an ASCII digit in base, or -1.
int digit_value(unsigned char c, int base) {
  int v;
  if (c >= '0' && c <= '9') {
    v = c - '0';
  } else if (c >= 'a' && c <= 'z') {
    v = c - 'a' + 10;
  } else if (c >= 'A' && c <= 'Z') {
    v = c - 'A' + 10;
  } else {
    return -1;
  }
  return v < base ? v : -1;
}

// Number of digits of base that surely fit in 63 bits.
int safe_digits(int base) {
  int bits_per_digit = 64 - __builtin_clzll(Uint(base - 1));  // ceil(log2(base))
  return 63 / bits_per_digit;
}

}  // namespace

std::string int_to_string(Term a, int base) {
  if (is_small(a)) {
    Sint v = small_value(a);
    Uint m = v < 0 ? Uint(0) - Uint(v) : Uint(v);
    char buf[72];
    char* end = buf + sizeof buf;
    char* p = end;
    do {
      *--p = DIGITS[m % Uint(base)];
      m /= Uint(base);
    } while (m != 0);
    if (v < 0) *--p = '-';
    return std::string(p, end);
  }
  bn::Operand x(a);
  // mpn_get_str clobbers its input (except for power-of-2 bases)
  bn::LimbBuf work(x.n + 1);
  std::memcpy(work.data(), x.d, size_t(x.n) * sizeof(mp_limb_t));
  size_t cap = mpn_sizeinbase(x.d, x.n, base) + 2;
  std::vector<unsigned char> raw(cap);
  size_t len = mpn_get_str(raw.data(), base, work.data(), x.n);
  // the result may begin with zero digits when the size estimate was high
  size_t skip = 0;
  while (skip + 1 < len && raw[skip] == 0) skip++;
  std::string out;
  out.reserve(len - skip + 1);
  if (x.neg) out.push_back('-');
  for (size_t i = skip; i < len; i++) out.push_back(DIGITS[raw[i]]);
  return out;
}

Term int_from_string(Heap& h, const char* s, Uint n, int base) {
  if (base < 2 || base > 36) return THE_NON_VALUE;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
  const unsigned char* end = p + n;
  bool neg = false;
  if (p < end && (*p == '-' || *p == '+')) {
    neg = *p == '-';
    p++;
  }
  if (p == end) return THE_NON_VALUE;
  for (const unsigned char* q = p; q < end; q++) {
    if (digit_value(*q, base) < 0) return THE_NON_VALUE;
  }
  while (p < end && *p == '0') p++;
  size_t len = size_t(end - p);
  if (len == 0) return make_small(0);
  if (len <= size_t(safe_digits(base))) {
    Sint v = 0;
    for (; p < end; p++) v = v * base + digit_value(*p, base);
    return make_integer(h, neg ? -v : v);
  }
  std::vector<unsigned char> digits(len);
  for (size_t i = 0; i < len; i++) digits[i] = uint8_t(digit_value(p[i], base));
  int bits_per_digit = 64 - __builtin_clzll(Uint(base - 1));
  mp_size_t cap = mp_size_t(len * size_t(bits_per_digit) / 64 + 2);
  bn::LimbBuf r(cap);
  mp_size_t rn = mpn_set_str(r.data(), digits.data(), len, base);
  return bn::make_result(h, r.data(), rn, neg, false);
}

}  // namespace girder
