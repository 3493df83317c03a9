// The message queue on its own: order of messages, the receive position,
// and receive markers (reserve, bind, use, clear; removal next to them;
// eviction when all are in use) - the bookkeeping a receive relies on.
#include <gtest/gtest.h>

#include <vector>

#include "process/process.h"

namespace girder {
namespace {

Message* msg(Sint n) {
  auto* m = new Message;
  m->term = make_small(n);
  return m;
}

RefKey key(uint32_t n) {
  RefKey k;
  k.n[0] = n;
  return k;
}

// The messages from the receive position on, as numbers (the position
// itself does not move).
std::vector<Sint> from_position(Mailbox& mb) {
  mb.fetch();  // what was sent so far (a receive fetches at the end)
  std::vector<Sint> out;
  for (Message* m = mb.current(); m; m = m->next)
    if (m->kind == SigKind::message) out.push_back(small_value(m->term));
  return out;
}

struct MailboxTest : ::testing::Test {
  Process p;
  Mailbox& mb = p.mbox;
  // receive of the message with value n: scan from the position, remove it
  bool receive(Sint n) {
    for (Message* m = mb.current(); m; m = mb.current()) {
      if (small_value(m->term) == n) {
        delete mb.remove_current();
        return true;
      }
      mb.skip();
    }
    mb.reset_position();
    return false;
  }
};

TEST_F(MailboxTest, MessagesKeepTheirOrder) {
  for (Sint i = 1; i <= 3; i++) mb.push(msg(i));
  EXPECT_EQ(mb.length(), 3u);
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{1, 2, 3}));
  EXPECT_TRUE(receive(2));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{1, 3}));
  EXPECT_EQ(mb.length(), 2u);
}

TEST_F(MailboxTest, AMarkerSkipsWhatCameBefore) {
  for (Sint i = 1; i <= 3; i++) mb.push(msg(i));
  Uint id = mb.reserve_marker();
  mb.bind_marker(id, key(7));
  mb.push(msg(4));
  mb.use_marker(key(7));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{4})) << "the scan starts after the marker";
  EXPECT_EQ(mb.length(), 4u) << "a marker is not a message";
  EXPECT_TRUE(receive(4));
  mb.clear_marker(key(7));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{1, 2, 3}));
  // the queue is whole: a new message goes to the end
  mb.push(msg(5));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{1, 2, 3, 5}));
}

TEST_F(MailboxTest, RemovingTheMessageBeforeAMarkerKeepsItUsable) {
  mb.push(msg(1));
  Uint id = mb.reserve_marker();
  mb.bind_marker(id, key(1));
  mb.push(msg(2));
  EXPECT_TRUE(receive(1));  // the marker's predecessor goes
  mb.use_marker(key(1));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{2}));
  mb.reset_position();
  mb.clear_marker(key(1));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{2}));
  EXPECT_TRUE(receive(2));
  EXPECT_EQ(mb.current(), nullptr);
  mb.push(msg(3));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{3})) << "the end of the queue was fixed";
}

TEST_F(MailboxTest, TwoMarkersInARowAndClearingTheFirst) {
  Uint a = mb.reserve_marker();
  mb.bind_marker(a, key(1));
  Uint b = mb.reserve_marker();
  mb.bind_marker(b, key(2));
  mb.push(msg(9));
  mb.clear_marker(key(1));
  mb.use_marker(key(2));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{9}));
  mb.clear_marker(key(2));
  mb.reset_position();
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{9}));
}

TEST_F(MailboxTest, UnknownOrClearedMarkersLeaveThePositionAlone) {
  mb.push(msg(1));
  mb.use_marker(key(3));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{1}));
  Uint id = mb.reserve_marker();
  mb.bind_marker(id, key(3));
  mb.clear_marker(key(3));
  mb.use_marker(key(3));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{1}));
}

TEST_F(MailboxTest, AFifthMarkerReplacesTheOldest) {
  for (uint32_t i = 0; i < 5; i++) {
    mb.push(msg(Sint(i)));
    Uint id = mb.reserve_marker();
    mb.bind_marker(id, key(100 + i));
  }
  mb.push(msg(5));
  mb.use_marker(key(100));  // evicted: no effect
  EXPECT_EQ(from_position(mb).size(), 6u);
  mb.use_marker(key(104));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{5}));
  mb.reset_position();
  for (uint32_t i = 1; i < 5; i++) mb.clear_marker(key(100 + i));
  EXPECT_EQ(from_position(mb), (std::vector<Sint>{0, 1, 2, 3, 4, 5}));
}

}  // namespace
}  // namespace girder
