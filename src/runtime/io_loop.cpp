// The event loop (design decision 11): one poll thread blocks in
// epoll_wait and hands what is ready to the schedulers as I/O tasks; a
// scheduler runs them between two slices, calling the port's driver with
// the port locked. Why a poll thread rather than schedulers taking turns in
// epoll_wait: the schedulers keep their sleep and wake-up protocol
// (condition variables, runtime/schedulers.cpp) unchanged, a busy VM still
// notices I/O at once, and ERTS 21+ does the same (+IOt poll threads that
// schedule port tasks). The cost is one thread switch per burst of
// readiness, which the hand-over amortises by batching.
//
// Every fd a driver selects is registered with EPOLLONESHOT: once it fires
// it stays quiet until its task has run, so a port never has two tasks for
// one fd, and the task re-arms it if the driver still wants it. An fd that
// epoll cannot watch (a regular file, /dev/null) is always ready: arming it
// queues a task at once. Registrations are keyed by a cookie that is never
// reused, so a task for an fd that was deselected (and maybe reused by
// another port) finds nothing and does nothing.
//
// Children of spawn ports are watched through a pidfd: readable when the
// child exits. The reaper waits for it and tells the port's driver, if the
// port is still open; a child outlives its port's registrations.
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

#include "process/vm_services.h"
#include "runtime/ports.h"
#include "runtime/schedulers.h"
#include "runtime/vm.h"

extern char** environ;

namespace girder {

namespace {

// Tasks a scheduler runs before it looks at its run queue again.
constexpr int TASK_BATCH = 16;
// The cookie of the eventfd that wakes the poll thread.
constexpr uint64_t WAKE_COOKIE = 0;

struct Registration {
  Term port = THE_NON_VALUE;
  int fd = -1;             // the driver's fd (a pidfd for a child)
  int watched = -1;        // what epoll watches: fd, or a dup of it
  unsigned want = 0;       // PortHost::READ | WRITE
  bool in_flight = false;  // fired; its task has not finished
  bool always_ready = false;  // epoll cannot watch it
  bool child = false;      // a pidfd: `fd` is the pidfd, `pid` the child
  int pid = -1;
};

struct Task {
  uint64_t cookie;
  uint32_t events;  // EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP
};

// Always one-shot, even when nothing is wanted: epoll reports errors and
// hang-ups regardless, and a registration must never fire twice before its
// task has run.
uint32_t epoll_events(unsigned want) {
  return (want & PortHost::READ ? uint32_t(EPOLLIN) : 0) |
         (want & PortHost::WRITE ? uint32_t(EPOLLOUT) : 0) | EPOLLONESHOT;
}

class IoLoop final : public PortHost {
 public:
  IoLoop() {
    epfd_ = epoll_create1(EPOLL_CLOEXEC);
    wakefd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = WAKE_COOKIE;
    epoll_ctl(epfd_, EPOLL_CTL_ADD, wakefd_, &ev);
    poller_ = std::thread([this] { poll_loop(); });
    poller_.detach();  // it lives as long as the VM
  }

  // ---- PortHost -------------------------------------------------------------

  void select(Port& port, int fd, unsigned events) override {
    std::lock_guard<std::mutex> g(reg_lock_);
    auto key = std::make_pair(port.id, fd);
    auto it = by_fd_.find(key);
    uint64_t cookie;
    if (it == by_fd_.end()) {
      cookie = next_cookie_++;
      Registration& r = regs_[cookie];
      r.port = port.id;
      r.fd = fd;
      r.want = events;
      by_fd_[key] = cookie;
      add(cookie, r);
      return;
    }
    cookie = it->second;
    Registration& r = regs_[cookie];
    r.want = events;
    if (!r.in_flight) arm(cookie, r);
  }

  void deselect(Port& port, int fd) override {
    std::lock_guard<std::mutex> g(reg_lock_);
    auto it = by_fd_.find(std::make_pair(port.id, fd));
    if (it == by_fd_.end()) return;
    forget(it->second);
    by_fd_.erase(it);
  }

  void watch_child(Port& port, int pid, int pidfd) override {
    std::lock_guard<std::mutex> g(reg_lock_);
    uint64_t cookie = next_cookie_++;
    Registration& r = regs_[cookie];
    r.port = port.id;
    r.fd = pidfd;
    r.want = READ;
    r.child = true;
    r.pid = pid;
    add(cookie, r);
  }

  void send(Port&, Term to, Term msg, Heap* frag) override { vm_deliver_fragment(to, msg, frag); }

  Term create_port(Port&, Term owner, std::unique_ptr<Driver> driver, const std::string& name) override {
    return vm_port_open_for(owner, std::move(driver), name);
  }

  bool process_alive(Term pid) override { return vm_lookup(pid) != nullptr; }

  std::vector<std::string> environment() override {
    std::shared_lock<std::shared_mutex> g(vm_env_lock());
    std::vector<std::string> env;
    for (char** e = environ; *e; e++) env.emplace_back(*e);
    return env;
  }

  // ---- the schedulers' side -------------------------------------------------------

  bool run_tasks() {
    if (pending_.load(std::memory_order_acquire) == 0) return false;
    int ran = 0;
    while (ran < TASK_BATCH) {
      Task t;
      {
        std::lock_guard<std::mutex> g(task_lock_);
        if (tasks_.empty()) break;
        t = tasks_.front();
        tasks_.pop_front();
        pending_.fetch_sub(1, std::memory_order_acq_rel);
      }
      run(t);
      ran++;
    }
    return ran > 0;
  }

  bool pending() const { return pending_.load(std::memory_order_seq_cst) > 0; }

 private:
  // Registers r's fd with epoll (reg_lock_ held).
  void add(uint64_t cookie, Registration& r) {
    epoll_event ev{};
    ev.events = epoll_events(r.want);
    ev.data.u64 = cookie;
    r.watched = r.fd;
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, r.watched, &ev) == 0) return;
    if (errno == EEXIST) {
      // another port watches the same fd (two fd ports on stdout): a
      // second descriptor of the same file registers on its own
      r.watched = fcntl(r.fd, F_DUPFD_CLOEXEC, 0);
      if (r.watched >= 0 && epoll_ctl(epfd_, EPOLL_CTL_ADD, r.watched, &ev) == 0) return;
    }
    if (r.watched != r.fd && r.watched >= 0) close(r.watched);
    r.watched = -1;
    r.always_ready = true;  // EPERM: a regular file; EOPNOTSUPP: /dev/null
    arm(cookie, r);
  }

  // Watches r for what it wants (reg_lock_ held, r not in flight).
  void arm(uint64_t cookie, Registration& r) {
    if (r.always_ready) {
      if (r.want == 0) return;
      r.in_flight = true;
      push(Task{cookie, (r.want & READ ? uint32_t(EPOLLIN) : 0) | (r.want & WRITE ? uint32_t(EPOLLOUT) : 0)});
      return;
    }
    epoll_event ev{};
    ev.events = epoll_events(r.want);
    ev.data.u64 = cookie;
    epoll_ctl(epfd_, EPOLL_CTL_MOD, r.watched, &ev);
  }

  // Drops a registration (reg_lock_ held); its pending task finds nothing.
  void forget(uint64_t cookie) {
    auto it = regs_.find(cookie);
    if (it == regs_.end()) return;
    Registration& r = it->second;
    if (!r.always_ready) epoll_ctl(epfd_, EPOLL_CTL_DEL, r.watched, nullptr);
    if (r.watched >= 0 && r.watched != r.fd) close(r.watched);
    regs_.erase(it);
  }

  void push(const Task& t) {
    {
      std::lock_guard<std::mutex> g(task_lock_);
      tasks_.push_back(t);
    }
    pending_.fetch_add(1, std::memory_order_seq_cst);
    sched_wake_for_io();
  }

  void poll_loop() {
    epoll_event evs[64];
    for (;;) {
      int n = epoll_wait(epfd_, evs, 64, -1);
      if (n < 0) continue;  // EINTR
      std::lock_guard<std::mutex> g(reg_lock_);
      for (int i = 0; i < n; i++) {
        uint64_t cookie = evs[i].data.u64;
        if (cookie == WAKE_COOKIE) {
          uint64_t v;
          ssize_t r = read(wakefd_, &v, sizeof v);
          (void)r;
          continue;
        }
        auto it = regs_.find(cookie);
        if (it == regs_.end() || it->second.in_flight) continue;
        it->second.in_flight = true;
        push(Task{cookie, evs[i].events});
      }
    }
  }

  void run(const Task& t) {
    Registration r;
    {
      std::lock_guard<std::mutex> g(reg_lock_);
      auto it = regs_.find(t.cookie);
      if (it == regs_.end()) return;
      r = it->second;
    }
    if (r.child) return reap(t.cookie, r);
    LockedPort port = vm_port_acquire(r.port);
    if (port) {
      bool input = (r.want & READ) && (t.events & (EPOLLIN | EPOLLHUP | EPOLLERR));
      bool output = (r.want & WRITE) && (t.events & (EPOLLOUT | EPOLLHUP | EPOLLERR));
      if (input) port->driver->ready_input(*port, r.fd);
      if (output && !is_value(port->failure)) port->driver->ready_output(*port, r.fd);
      vm_port_after_driver(port.get());
    }
    std::lock_guard<std::mutex> g(reg_lock_);
    auto it = regs_.find(t.cookie);
    if (it == regs_.end()) return;  // deselected meanwhile
    it->second.in_flight = false;
    if (it->second.want) arm(t.cookie, it->second);
  }

  void reap(uint64_t cookie, const Registration& r) {
    int status = 0;
    pid_t got = waitpid(r.pid, &status, WNOHANG);
    if (got == 0) {
      std::lock_guard<std::mutex> g(reg_lock_);
      auto it = regs_.find(cookie);
      if (it != regs_.end()) {
        it->second.in_flight = false;
        arm(cookie, it->second);
      }
      return;
    }
    {
      std::lock_guard<std::mutex> g(reg_lock_);
      forget(cookie);
    }
    close(r.fd);
    if (got < 0) return;  // reaped by someone else: no status to give
    if (LockedPort port = vm_port_acquire(r.port)) {
      port->driver->child_exited(*port, status);
      vm_port_after_driver(port.get());
    }
  }

  int epfd_ = -1;
  int wakefd_ = -1;
  std::thread poller_;
  std::mutex reg_lock_;  // the registrations; taken before task_lock_
  std::unordered_map<uint64_t, Registration> regs_;
  std::map<std::pair<Term, int>, uint64_t> by_fd_;  // (port, fd) -> cookie
  uint64_t next_cookie_ = WAKE_COOKIE + 1;
  std::mutex task_lock_;
  std::deque<Task> tasks_;
  std::atomic<size_t> pending_{0};
};

IoLoop& loop() {
  static IoLoop* l = new IoLoop;
  return *l;
}

}  // namespace

PortHost* vm_port_host() { return &loop(); }
bool vm_run_io_tasks() { return loop().run_tasks(); }
bool vm_io_tasks_pending() { return loop().pending(); }

}  // namespace girder
