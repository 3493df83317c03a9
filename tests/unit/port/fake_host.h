// A PortHost for driver tests: it records what a driver selects, the
// children it watches and the messages it sends (printed), and the test
// plays the event loop (calls ready_input / ready_output / child_exited).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "port/port.h"
#include "term/print.h"

namespace girder {

struct FakeHost : PortHost {
  std::map<int, unsigned> selected;           // fd -> events
  std::vector<std::pair<int, int>> children;  // pid, pidfd
  std::vector<std::string> sent;              // "to ! msg"
  std::vector<std::string> env{"GIRDER_FAKE_HOST=1"};

  void select(Port&, int fd, unsigned events) override { selected[fd] = events; }
  void deselect(Port&, int fd) override { selected.erase(fd); }
  void watch_child(Port&, int pid, int pidfd) override { children.push_back({pid, pidfd}); }
  void send(Port&, Term, Term msg, Heap* frag) override {
    sent.push_back(term_to_text(msg));
    delete frag;
  }
  std::vector<std::string> environment() override { return env; }
  // Ports a driver made (accepted sockets): kept alive here, numbered
  // from 1000 so that they do not look like the test's own.
  std::vector<std::unique_ptr<Driver>> created;
  Term create_port(Port&, Term, std::unique_ptr<Driver> d, const std::string&) override {
    created.push_back(std::move(d));
    return make_local_port(Uint(999 + created.size()));
  }
  bool process_alive(Term) override { return true; }
  // The fd selected for `events` (-1 if none).
  int fd_for(unsigned events) const {
    for (const auto& [fd, ev] : selected)
      if (ev & events) return fd;
    return -1;
  }
};

}  // namespace girder
