// libFuzzer target for binary_to_term: decodes the input (safe and
// unsafe) and checks that whatever decodes survives a round trip:
// decode(encode(T)) =:= T, and the second encoding equals the first.
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "etf/etf.h"
#include "term/compare.h"
#include "term/hash.h"

using namespace girder;

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "etf_fuzz: %s\n", what);
    std::abort();
  }
}

void round_trip(Heap& h, Term t, const EtfDecodeOptions& opts) {
  EtfEncodeOptions eo;
  eo.minor_version = 1;
  std::vector<uint8_t> enc;
  check(etf_encode(t, eo, enc), "a decoded term does not encode");
  check(etf_encoded_size(t, eo) == enc.size(), "etf_encoded_size differs from the encoding");
  Uint used = 0;
  Term back = etf_decode(h, enc.data(), enc.size(), opts, &used);
  check(is_value(back), "an encoded term does not decode");
  check(used == enc.size(), "decoding an encoding does not use all of it");
  check(eq_exact(t, back), "decode(encode(T)) =/= T");
  check(phash2_full(t) == phash2_full(back), "phash2 differs after a round trip");
  std::vector<uint8_t> again;
  check(etf_encode(back, eo, again) && again == enc, "second encoding differs");
  // the other forms decode to the same term too
  for (int minor : {0, 2}) {
    EtfEncodeOptions o2;
    o2.minor_version = minor;
    o2.compressed = minor == 2 ? 6 : 0;
    o2.deterministic = minor == 2;
    std::vector<uint8_t> other;
    check(etf_encode(t, o2, other), "a decoded term does not encode (other options)");
    Term t2 = etf_decode(h, other.data(), other.size(), opts);
    check(is_value(t2) && eq_exact(t, t2), "other encoding does not decode to T");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  for (bool safe : {true, false}) {
    Heap h;
    EtfDecodeOptions opts;
    opts.safe = safe;
    Uint used = 0;
    Term t = etf_decode(h, data, size, opts, &used);
    if (!is_value(t)) continue;
    check(used <= size, "used more bytes than given");
    round_trip(h, t, opts);
  }
  return 0;
}
