// read_beam on damaged copies of a real module: truncated files, truncated
// chunks, every single-bit flip. Each must fail with a message naming where
// it failed, or succeed; never crash (run under the sanitizer build too).
#include <gtest/gtest.h>

#include <set>

#include "beam/beam_file.h"
#include "beam_builder.h"
#include "test_util.h"

namespace girder::beam {
namespace {

using test::Bytes;

struct Chunk {
  std::string id;
  size_t offset;  // of the data in the file
  uint32_t size;
};

std::vector<Chunk> chunks_of(const Bytes& file) {
  std::vector<Chunk> out;
  size_t at = 12;
  while (at + 8 <= file.size()) {
    uint32_t size = test::get32(file, at + 4);
    out.push_back(Chunk{std::string(file.begin() + at, file.begin() + at + 4), at + 8, size});
    at += 8 + ((size + 3) & ~3u);
  }
  return out;
}

// The file with chunk `c` cut to `size` bytes, container sizes fixed up.
Bytes with_chunk_cut(const Bytes& file, const Chunk& c, uint32_t size) {
  test::BeamBuilder b;
  for (const Chunk& k : chunks_of(file)) {
    Bytes data(file.begin() + k.offset, file.begin() + k.offset + k.size);
    if (k.id == c.id) data.resize(size);
    b.add(k.id, data);
  }
  return b.build();
}

bool well_formed_error(const std::string& e) {
  return e.rfind("chunk ", 0) == 0 || e.rfind("file header at offset ", 0) == 0;
}

class Damaged : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    test::TempDir dir;
    small = test::read_file(test::compile_module(dir, "beam_small"));
    tiny = test::read_file(test::compile_module(dir, "beam_tiny"));
  }
  void SetUp() override {
    ASSERT_GT(small.size(), 1000u);
    ASSERT_GT(tiny.size(), 100u);
  }
  static Bytes small, tiny;
};
Bytes Damaged::small, Damaged::tiny;

TEST_F(Damaged, OriginalsRead) {
  for (const Bytes* f : {&small, &tiny}) {
    BeamFile bf;
    std::string error;
    EXPECT_TRUE(read_beam(f->data(), f->size(), bf, error)) << error;
  }
}

TEST_F(Damaged, EveryPrefixFails) {
  for (const Bytes* f : {&tiny, &small}) {
    for (size_t len = 0; len < f->size(); ++len) {
      BeamFile bf;
      std::string error;
      ASSERT_FALSE(read_beam(f->data(), len, bf, error)) << "prefix " << len;
      ASSERT_TRUE(well_formed_error(error)) << error;
    }
  }
}

TEST_F(Damaged, EveryTruncatedChunkFails) {
  // Cutting any chunk that has a structure loses a counted entry, a term,
  // a zlib checksum or int_code_end. StrT and Meta are bytes without
  // structure; Dbgi is not read.
  const std::set<std::string> structured = {"AtU8", "Code", "ImpT", "ExpT", "FunT", "LitT",
                                            "LocT", "Attr", "CInf", "Line", "Type"};
  unsigned cut_chunks = 0;
  for (const Chunk& c : chunks_of(small)) {
    for (uint32_t size = 0; size < c.size; ++size) {
      Bytes cut = with_chunk_cut(small, c, size);
      BeamFile bf;
      std::string error;
      bool ok = read_beam(cut.data(), cut.size(), bf, error);
      if (!structured.count(c.id)) continue;
      ASSERT_FALSE(ok) << c.id << " cut to " << size;
      ASSERT_TRUE(well_formed_error(error)) << error;
    }
    cut_chunks += structured.count(c.id);
  }
  EXPECT_EQ(cut_chunks, structured.size());
}

TEST_F(Damaged, EveryBitFlipFailsCleanlyOrReads) {
  unsigned failures = 0, successes = 0;
  for (const Bytes* f : {&tiny, &small}) {
    Bytes copy = *f;
    for (size_t i = 0; i < copy.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        copy[i] ^= uint8_t(1 << bit);
        BeamFile bf;
        std::string error;
        if (read_beam(copy.data(), copy.size(), bf, error)) {
          ++successes;
          EXPECT_FALSE(disassemble(bf).empty());
        } else {
          ++failures;
          ASSERT_TRUE(well_formed_error(error)) << "byte " << i << " bit " << bit << ": "
                                                << error;
        }
        copy[i] ^= uint8_t(1 << bit);
      }
    }
  }
  // Most flips break something; a few (padding, atom letters, line
  // numbers, string bytes) leave a valid module.
  EXPECT_GT(failures, successes);
  EXPECT_GT(successes, 0u);
}

TEST_F(Damaged, UnknownOpcodeIsNamedWithItsOffset) {
  Bytes f = small;
  for (const Chunk& c : chunks_of(f)) {
    if (c.id != "Code") continue;
    size_t first = c.offset + 4 + test::get32(f, c.offset);  // after the header
    ASSERT_EQ(f[first], 1);  // label
    f[first] = 250;
    BeamFile bf;
    std::string error;
    ASSERT_FALSE(read_beam(f.data(), f.size(), bf, error));
    EXPECT_EQ(error, "chunk Code at offset " + std::to_string(first) + ": unknown opcode 250");
    return;
  }
  FAIL() << "no Code chunk";
}

TEST_F(Damaged, FailureLeavesTheOutputUntouched) {
  BeamFile bf;
  std::string error;
  ASSERT_TRUE(read_beam(tiny.data(), tiny.size(), bf, error));
  Term module = bf.module;
  size_t ops = bf.code.size();
  ASSERT_FALSE(read_beam(small.data(), small.size() - 1, bf, error));
  EXPECT_EQ(bf.module, module);
  EXPECT_EQ(bf.code.size(), ops);
}

}  // namespace
}  // namespace girder::beam
