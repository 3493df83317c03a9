// zlib.erl's natives (bif/zlib_nifs.cpp) called directly: the protocol of a
// stream step, errors on bad input, and the handles (NIF resources:
// controllers, closed streams). tests/diff/zlib_streams.erl covers them
// through OTP's zlib module.
#include <zlib.h>

#include "b1_test_util.h"
#include "term/resource.h"
#include "term/print.h"

namespace girder {
namespace {

using namespace b1test;

// Stream step sizes and flush codes as zlib.erl passes them.
constexpr Sint IN_CHUNK = 8192;
constexpr Sint OUT_CHUNK = 16384;
constexpr Sint FLUSH_NONE = 0;
constexpr Sint FLUSH_FINISH = 4;

struct ZlibNifs : ::testing::Test {
  Process p;
  Process other;
  void SetUp() override {
    p.id = make_local_pid(900);
    other.id = make_local_pid(901);
  }
  Term ok() const { return atom::ok; }
  // Runs deflate_nif/inflate_nif until finished; the output as bytes.
  std::string drain(BifFn step, Term z, Sint flush) {
    std::string out;
    for (int i = 0; i < 1000; i++) {
      Term r = call(step, p, {z, I(IN_CHUNK), I(OUT_CHUNK), I(flush)});
      EXPECT_TRUE(is_tuple(r)) << (is_value(r) ? term_to_text(r) : term_to_text(p.exc_reason));
      if (!is_tuple(r)) return out;
      for (Term b : to_vector(tuple_elem(r, 2))) out += bin_text(b);
      if (tuple_elem(r, 1) == A("finished")) return out;
    }
    ADD_FAILURE() << "no end";
    return out;
  }
};

TEST_F(ZlibNifs, DeflateThenInflate) {
  std::string text;
  for (int i = 0; i < 5000; i++) text += std::to_string(i) + ",";
  Term z = call(zlib_open_nif_0, p, {});
  ASSERT_TRUE(is_local_ref(z));
  // level -1, method 8, windowBits 15, memLevel 8, strategy 0
  EXPECT_EQ(call(zlib_deflateInit_nif_6, p, {z, I(-1), I(8), I(15), I(8), I(0)}), ok());
  EXPECT_EQ(call(zlib_enqueue_nif_2, p, {z, list_of(p.heap, {bin(p.heap, text)})}), ok());
  std::string compressed = drain(zlib_deflate_nif_4, z, FLUSH_FINISH);
  EXPECT_EQ(call(zlib_deflateEnd_nif_1, p, {z}), ok());

  std::string expected(compressBound(uLong(text.size())), '\0');
  uLongf n = uLongf(expected.size());
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(expected.data()), &n,
                      reinterpret_cast<const Bytef*>(text.data()), uLong(text.size()), -1),
            Z_OK);
  expected.resize(n);
  EXPECT_EQ(compressed, expected);

  // inflate from pieces of 1000 bytes queued in one call
  EXPECT_EQ(call(zlib_inflateInit_nif_3, p, {z, I(15), I(2)}), ok());
  std::vector<Term> pieces;
  for (size_t i = 0; i < compressed.size(); i += 1000)
    pieces.push_back(bin(p.heap, compressed.substr(i, 1000)));
  Term list = make_list_from(p.heap, pieces.data(), pieces.size());
  EXPECT_EQ(call(zlib_enqueue_nif_2, p, {z, list}), ok());
  EXPECT_EQ(drain(zlib_inflate_nif_4, z, FLUSH_NONE), text);
  EXPECT_EQ(call(zlib_inflateEnd_nif_1, p, {z}), ok());
  EXPECT_EQ(call(zlib_close_nif_1, p, {z}), ok());
}

TEST_F(ZlibNifs, GarbageAndTruncation) {
  Term z = call(zlib_open_nif_0, p, {});
  EXPECT_EQ(call(zlib_inflateInit_nif_3, p, {z, I(15), I(2)}), ok());
  call(zlib_enqueue_nif_2, p, {z, list_of(p.heap, {bin(p.heap, "garbage data here")})});
  Term r = call(zlib_inflate_nif_4, p, {z, I(IN_CHUNK), I(OUT_CHUNK), I(FLUSH_NONE)});
  EXPECT_TRUE(raised(p, r, A("data_error")));
  EXPECT_TRUE(raised(p, call(zlib_inflateEnd_nif_1, p, {z}), A("data_error")));

  // the first half of a stream: output so far, then data_error at the end
  std::string text(3000, 'x');
  std::string c(compressBound(uLong(text.size())), '\0');
  uLongf n = uLongf(c.size());
  compress(reinterpret_cast<Bytef*>(c.data()), &n, reinterpret_cast<const Bytef*>(text.data()),
           uLong(text.size()));
  EXPECT_EQ(call(zlib_inflateInit_nif_3, p, {z, I(15), I(2)}), ok());
  call(zlib_enqueue_nif_2, p, {z, list_of(p.heap, {bin(p.heap, c.substr(0, n / 2))})});
  r = call(zlib_inflate_nif_4, p, {z, I(IN_CHUNK), I(OUT_CHUNK), I(FLUSH_NONE)});
  ASSERT_TRUE(is_tuple(r));
  EXPECT_EQ(tuple_elem(r, 1), A("finished"));
  EXPECT_TRUE(raised(p, call(zlib_inflateEnd_nif_1, p, {z}), A("data_error")));
}

TEST_F(ZlibNifs, ArgumentsAndStates) {
  Term z = call(zlib_open_nif_0, p, {});
  EXPECT_TRUE(raised(p, call(zlib_deflate_nif_4, p, {z, I(1), I(1), I(0)}), A("not_initialized")));
  EXPECT_TRUE(raised(p, call(zlib_deflate_nif_4, p, {z, A("x"), I(1), I(0)}), atom::badarg));
  EXPECT_TRUE(raised(p, call(zlib_enqueue_nif_2, p, {z, A("x")}), A("not_initialized")));
  EXPECT_TRUE(raised(p, call(zlib_deflateInit_nif_6, p, {z, I(-1), I(8), I(-8), I(8), I(0)}),
                     A("stream_error")));
  EXPECT_EQ(call(zlib_deflateInit_nif_6, p, {z, I(-1), I(8), I(15), I(8), I(0)}), ok());
  EXPECT_TRUE(raised(p, call(zlib_inflateInit_nif_3, p, {z, I(15), I(2)}),
                     A("already_initialized")));
  EXPECT_TRUE(raised(p, call(zlib_enqueue_nif_2, p, {z, list_of(p.heap, {I(1)})}), atom::badarg));
  EXPECT_TRUE(raised(p, call(zlib_enqueue_nif_2, p, {z, bin(p.heap, "abc")}), atom::badarg));
  // at most 256 binaries per call; the rest comes back
  std::vector<Term> many(300, bin(p.heap, "abc"));
  Term r = call(zlib_enqueue_nif_2, p, {z, make_list_from(p.heap, many.data(), many.size())});
  ASSERT_TRUE(is_tuple(r));
  EXPECT_EQ(tuple_elem(r, 1), A("continue"));
  EXPECT_EQ(list_length(tuple_elem(r, 2)), 44);
  // the stash
  EXPECT_EQ(call(zlib_getStash_nif_1, p, {z}), A("empty"));
  EXPECT_TRUE(raised(p, call(zlib_clearStash_nif_1, p, {z}), atom::error));
  Term stashed = list_of(p.heap, {A("deflate"), bin(p.heap, std::string(100, 'y'))});
  EXPECT_EQ(call(zlib_setStash_nif_2, p, {z, stashed}), ok());
  EXPECT_TRUE(raised(p, call(zlib_setStash_nif_2, p, {z, NIL}), atom::error));
  r = call(zlib_getStash_nif_1, p, {z});
  ASSERT_TRUE(is_tuple(r));
  EXPECT_EQ(term_to_text(tuple_elem(r, 2)), term_to_text(stashed));
  EXPECT_EQ(call(zlib_clearStash_nif_1, p, {z}), ok());
  // references that are not streams
  Term plain = make_tuple(p.heap, {z});
  EXPECT_TRUE(raised(p, call(zlib_close_nif_1, p, {plain}), atom::badarg));
  auto* fake = reinterpret_cast<RefThing*>(p.heap.alloc(REF_WORDS));
  fake->header = make_header(REF_WORDS - 1, SUB_REF);
  fake->num[0] = 5;
  fake->num[1] = 0;
  fake->num[2] = 7;
  fake->num[3] = 0;
  EXPECT_TRUE(raised(p, call(zlib_close_nif_1, p, {make_boxed(reinterpret_cast<Term*>(fake))}),
                     atom::badarg));
}

TEST_F(ZlibNifs, ControllersAndClose) {
  Term z = call(zlib_open_nif_0, p, {});
  EXPECT_TRUE(is_resource_ref(z));
  EXPECT_TRUE(is_local_ref(z));
  EXPECT_EQ(call(zlib_deflateInit_nif_6, p, {z, I(-1), I(8), I(15), I(8), I(0)}), ok());
  EXPECT_TRUE(raised(other, call(zlib_deflateReset_nif_1, other, {z}),
                     A("not_on_controlling_process")));
  EXPECT_EQ(call(zlib_set_controller_nif_2, p, {z, other.id}), ok());
  EXPECT_TRUE(raised(p, call(zlib_deflateReset_nif_1, p, {z}), A("not_on_controlling_process")));
  EXPECT_EQ(call(zlib_deflateReset_nif_1, other, {z}), ok());
  EXPECT_EQ(call(zlib_setBufSize_nif_2, other, {z, I(1234)}), ok());
  // a closed stream (ERTS's ST_CLOSED): the controller still owns it and
  // it keeps its chunk size, but it can be neither used nor set up again
  EXPECT_EQ(call(zlib_close_nif_1, other, {z}), ok());
  EXPECT_TRUE(raised(other, call(zlib_close_nif_1, other, {z}), A("not_initialized")));
  EXPECT_TRUE(raised(other, call(zlib_crc32_nif_1, other, {z}), A("not_initialized")));
  EXPECT_TRUE(raised(other, call(zlib_deflateReset_nif_1, other, {z}), A("not_initialized")));
  EXPECT_TRUE(raised(other, call(zlib_inflateInit_nif_3, other, {z, I(15), I(2)}),
                     A("already_initialized")));
  EXPECT_EQ(call(zlib_getBufSize_nif_1, other, {z}), I(1234));
  EXPECT_TRUE(raised(p, call(zlib_close_nif_1, p, {z}), A("not_on_controlling_process")));
  // not a stream: a plain reference, another resource's handle
  Term plain = make_tuple(p.heap, {z});
  EXPECT_TRUE(raised(p, call(zlib_close_nif_1, p, {plain}), atom::badarg));
}

}  // namespace
}  // namespace girder
