// prim_buffer.erl's natives (bif/prim_buffer_nifs.cpp) called directly:
// how writes become slices (ERTS's accumulator), reads, skips, searches,
// the advisory lock, errors, and that a buffer's memory goes with its last
// handle. tests/diff/prim_buffers.erl covers them through prim_buffer.erl.
#include "b1_test_util.h"
#include "term/mem_stats.h"
#include "term/resource.h"

namespace girder {
namespace {

using namespace b1test;

struct PrimBuffer : ::testing::Test {
  Process p;
  Term buf = THE_NON_VALUE;
  void SetUp() override {
    p.id = make_local_pid(910);
    buf = call(prim_buffer_new_0, p, {});
  }
  Term size() { return call(prim_buffer_size_1, p, {buf}); }
  Term write(std::initializer_list<std::string> parts) {
    std::vector<Term> bins;
    for (const std::string& s : parts) bins.push_back(bin(p.heap, s));
    return call(prim_buffer_write_2, p, {buf, make_list_from(p.heap, bins.data(), bins.size())});
  }
  // Size of the head slice (0 if the buffer is empty).
  Uint head() {
    Term h = call(prim_buffer_peek_head_1, p, {buf});
    return is_value(h) ? bit_view(h).byte_size() : 0;
  }
  std::string read(Uint n) { return bin_text(call(prim_buffer_copying_read_2, p, {buf, I(Sint(n))})); }
};

TEST_F(PrimBuffer, WritesBecomeSlicesAsInErts) {
  EXPECT_TRUE(is_resource_ref(buf));
  EXPECT_EQ(size(), I(0));
  // small writes are combined
  EXPECT_EQ(write({"ab", "c"}), atom::ok);
  EXPECT_EQ(write({std::string(1500, 'x')}), atom::ok);
  EXPECT_EQ(size(), I(1503));
  EXPECT_EQ(head(), 1503u);
  // a write of 1 KB or more that would overflow the accumulator is queued
  // as its own binaries; the accumulator (100 bytes since the peek) first
  EXPECT_EQ(write({std::string(100, 'y')}), atom::ok);
  EXPECT_EQ(write({std::string(1100, 'a'), std::string(1500, 'b'), "c"}), atom::ok);
  EXPECT_EQ(size(), I(1603 + 2601));
  EXPECT_EQ(head(), 1503u);  // the first peek queued the accumulator then
  EXPECT_EQ(read(1603), "abc" + std::string(1500, 'x') + std::string(100, 'y'));
  EXPECT_EQ(head(), 1100u);
  EXPECT_EQ(call(prim_buffer_skip_2, p, {buf, I(1100)}), atom::ok);
  EXPECT_EQ(head(), 1500u);
  EXPECT_EQ(read(1501), std::string(1500, 'b') + "c");
  EXPECT_EQ(size(), I(0));
  EXPECT_TRUE(raised(p, call(prim_buffer_peek_head_1, p, {buf}), atom::badarg));
  // a write under 1 KB that overflows starts a new accumulator
  EXPECT_EQ(write({std::string(2000, 'q')}), atom::ok);
  EXPECT_EQ(write({std::string(500, 'r')}), atom::ok);
  EXPECT_EQ(head(), 2000u);
  EXPECT_EQ(read(2000), std::string(2000, 'q'));
  EXPECT_EQ(head(), 500u);
}

TEST_F(PrimBuffer, WritesOf64BinariesAtATime) {
  // 100 binaries of 100 bytes: the first 64 (6400 bytes) are queued as
  // they are, the last 36 (3600 bytes) too: 100 slices
  std::vector<Term> bins;
  for (int i = 0; i < 100; i++) bins.push_back(bin(p.heap, std::string(100, char('0' + i % 10))));
  EXPECT_EQ(call(prim_buffer_write_2, p, {buf, make_list_from(p.heap, bins.data(), bins.size())}),
            atom::ok);
  EXPECT_EQ(size(), I(10000));
  EXPECT_EQ(head(), 100u);
  // 64 binaries and then a bad element: the first chunk is written
  bins.resize(64);
  Term bad = make_list_from(p.heap, bins.data(), bins.size(), list_of(p.heap, {A("x")}));
  EXPECT_TRUE(raised(p, call(prim_buffer_write_2, p, {buf, bad}), atom::badarg));
  EXPECT_EQ(size(), I(16400));
}

TEST_F(PrimBuffer, FindLockAndErrors) {
  EXPECT_EQ(write({"hello\nworld\n"}), atom::ok);
  Term r = call(prim_buffer_find_byte_index_2, p, {buf, I('\n')});
  ASSERT_TRUE(is_tuple(r));
  EXPECT_EQ(tuple_elem(r, 2), I(5));
  EXPECT_EQ(call(prim_buffer_find_byte_index_2, p, {buf, I('z')}), atom::not_found);
  EXPECT_TRUE(raised(p, call(prim_buffer_find_byte_index_2, p, {buf, I(256)}), atom::badarg));
  EXPECT_TRUE(raised(p, call(prim_buffer_find_byte_index_2, p, {buf, I(-1)}), atom::badarg));
  EXPECT_TRUE(raised(p, call(prim_buffer_find_byte_index_2, p, {buf, A("a")}), atom::badarg));
  EXPECT_TRUE(raised(p, call(prim_buffer_skip_2, p, {buf, I(-1)}), atom::badarg));
  EXPECT_TRUE(raised(p, call(prim_buffer_skip_2, p, {buf, I(13)}), atom::badarg));
  EXPECT_TRUE(raised(p, call(prim_buffer_copying_read_2, p, {buf, I(13)}), atom::badarg));
  EXPECT_EQ(size(), I(12));
  EXPECT_EQ(read(0), "");
  EXPECT_TRUE(raised(p, call(prim_buffer_size_1, p, {I(1)}), atom::badarg));
  EXPECT_TRUE(raised(p, call(prim_buffer_write_2, p, {buf, bin(p.heap, "abc")}), atom::badarg));
  EXPECT_TRUE(raised(p, call(prim_buffer_write_2, p, {buf, list_of(p.heap, {bin(p.heap, "a")}, bin(p.heap, "b"))}),
                     atom::badarg));
  // a bitstring of no whole byte is accepted and adds nothing
  Term bits = new_bitstring(p.heap, reinterpret_cast<const uint8_t*>("\xff"), 0, 3);
  EXPECT_EQ(call(prim_buffer_write_2, p, {buf, list_of(p.heap, {bits})}), atom::ok);
  EXPECT_EQ(size(), I(12));
  EXPECT_EQ(call(prim_buffer_try_lock_1, p, {buf}), atom::acquired);
  EXPECT_EQ(call(prim_buffer_try_lock_1, p, {buf}), atom::busy);
  EXPECT_EQ(call(prim_buffer_unlock_1, p, {buf}), atom::ok);
  EXPECT_TRUE(raised(p, call(prim_buffer_unlock_1, p, {buf}), atom::lock_order_violation));
}

TEST(PrimBufferMemory, GoesWithItsLastHandle) {
  uint64_t before = mem_bytes(MemKind::binary);
  {
    Process p;
    Term b = call(prim_buffer_new_0, p, {});
    std::string big(5000, 'z');
    Term data = list_of(p.heap, {bin(p.heap, big), bin(p.heap, "tail")});
    EXPECT_EQ(call(prim_buffer_write_2, p, {b, data}), atom::ok);
    EXPECT_GT(mem_bytes(MemKind::binary), before + 5000);
  }  // the process heap goes: the handle, then the buffer and its slices
  EXPECT_EQ(mem_bytes(MemKind::binary), before);
}

}  // namespace
}  // namespace girder
