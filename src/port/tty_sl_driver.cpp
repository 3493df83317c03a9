// The tty_sl driver (ERTS: ttsl_drv.c), OTP's user_drv's terminal: it puts
// the terminal in raw mode ("tty_sl -c -e": no line editing, no echo),
// sends what is typed to the owner as {Port, {data, Bytes}} (UTF-8), and
// takes user_drv's edit commands, one per port_command:
//   0 PUTC Text, 5 PUTC_SYNC Text   write (PUTC_SYNC answers {Port, ok}
//                                   once at most 1 KB is left to write)
//   1 MOVE N, 3 DELC N              N a signed 16-bit big-endian count
//   2 INSC Text, 4 BEEP
// and port_control ops (user_drv adds a magic number): window size, get
// and set whether the terminal takes UTF-8. The line they edit is
// port/tty_line.h; cursor motions come from terminfo (port/terminfo.h).
// One tty_sl port at a time, as in ERTS; it refuses to start unless stdin
// and stdout are terminals, and on a terminal without cursor motions.
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>

#include "port/stream_driver.h"
#include "port/tty_line.h"
#include "term/atom_table.h"

namespace girder {

namespace {

enum : uint8_t { OP_PUTC = 0, OP_MOVE = 1, OP_INSC = 2, OP_DELC = 3, OP_BEEP = 4, OP_PUTC_SYNC = 5 };
constexpr unsigned CONTROL_MAGIC = 0x018b0900;  // user_drv's ERTS_TTYSL_DRV_CONTROL_MAGIC_NUMBER
constexpr unsigned CTRL_GET_WINSIZE = 100 + CONTROL_MAGIC;
constexpr unsigned CTRL_GET_UNICODE_STATE = 101 + CONTROL_MAGIC;
constexpr unsigned CTRL_SET_UNICODE_STATE = 102 + CONTROL_MAGIC;
// PUTC_SYNC answers once no more than this is left to write (ERTS's
// TTY_BUFFSIZE); the port is never busy: user_drv must not block on it.
constexpr size_t SYNC_LIMIT = 1024;
// A line longer than this gets a newline first.
constexpr int MAX_LINE = 1 << 16;
// One read takes at most this much (a partial UTF-8 character included).
constexpr size_t READ_SIZE = 1024;
// Each message of bytes converted from Latin-1 holds at most this much.
constexpr size_t LATIN1_CHUNK = 1020;
constexpr uint32_t DEFAULT_WIDTH = 80, DEFAULT_HEIGHT = 24;

// The terminal while a tty_sl port has it; the signal handlers read it.
struct Terminal {
  std::atomic<bool> in_use{false};
  std::atomic<bool> resized{false};
  int fd = -1;
  termios saved{}, raw{};
};
Terminal the_terminal;

void on_winch(int) { the_terminal.resized.store(true); }
// Back from a stop (^Z, fg): the shell has restored its own mode.
void on_cont(int) { tcsetattr(the_terminal.fd, TCSANOW, &the_terminal.raw); }

void set_handler(int sig, void (*fn)(int)) {
  struct sigaction sa{};
  sa.sa_handler = fn;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, nullptr);
}

// tty_sl's arguments: +c/-c canonical mode, +e/-e echo, +s/-s signals on
// or off (absent: as the terminal is); anything else names the terminal
// device to use instead of stdin.
struct TtyArgs {
  int canon = 0, echo = 0, sig = 0;
  std::string device;
};
TtyArgs parse_args(const std::string& command) {
  TtyArgs a;
  size_t at = command.find(' ');
  while (at != std::string::npos) {
    size_t end = command.find(' ', at + 1);
    std::string word = command.substr(at + 1, end == std::string::npos ? end : end - at - 1);
    at = end;
    int flag = word.empty() ? 0 : word[0] == '+' ? 1 : word[0] == '-' ? -1 : 0;
    if (flag) {
      char what = word.size() > 1 ? word[1] : 0;
      if (what == 'c') a.canon = flag;
      if (what == 'e') a.echo = flag;
      if (what == 's') a.sig = flag;
    } else {
      a.device = word;
    }
  }
  return a;
}

// The terminal's mode while tty_sl has it.
termios raw_mode(const termios& saved, const TtyArgs& a) {
  termios m = saved;
  m.c_iflag &= ~tcflag_t(ISTRIP);
  if (a.canon > 0) {
    m.c_iflag |= ICRNL;
    m.c_lflag |= ICANON;
    m.c_oflag |= OPOST;
  } else if (a.canon < 0) {
    m.c_iflag &= ~tcflag_t(ICRNL);
    m.c_lflag &= ~tcflag_t(ICANON);
    m.c_oflag &= ~tcflag_t(OPOST);
    m.c_cc[VMIN] = 1;
    m.c_cc[VTIME] = 0;
  }
  if (a.echo > 0) m.c_lflag |= ECHO;
  if (a.echo < 0) m.c_lflag &= ~tcflag_t(ECHO);
  constexpr tcflag_t SIG_IFLAGS = BRKINT | IGNPAR | ICRNL | IXON | IXANY;
  if (a.sig > 0) {
    m.c_iflag |= SIG_IFLAGS;
    m.c_lflag |= ISIG | IEXTEN;
  } else if (a.sig < 0) {
    m.c_iflag &= ~SIG_IFLAGS;
    m.c_lflag &= ~tcflag_t(ISIG | IEXTEN);
  }
  return m;
}

// VAR's value in env ("NAME=value" entries), or "".
std::string env_value(const std::vector<std::string>& env, const std::string& var) {
  for (const std::string& e : env)
    if (e.size() > var.size() && e.compare(0, var.size(), var) == 0 && e[var.size()] == '=')
      return e.substr(var.size() + 1);
  return "";
}

class TtySlDriver final : public StreamDriver {
 public:
  ~TtySlDriver() override {
    if (locale_) freelocale(locale_);
  }
  const char* name() const override { return "tty_sl"; }
  bool marks_busy() const override { return false; }

  OpenStatus open(Port& port, const PortSpec& spec) override {
    if (the_terminal.in_use.exchange(true)) return {OpenStatus::general, 0};
    OpenStatus st = start(port, spec);
    if (st.kind != OpenStatus::ok) the_terminal.in_use.store(false);
    return st;
  }

  void command(Port& port, const uint8_t* data, size_t size) override {
    if (size == 0) return;
    follow_resize();
    std::string out;
    if (line_->position() > MAX_LINE) line_->put_chars("\n", &out);
    std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0]) {
      case OP_PUTC:
      case OP_PUTC_SYNC: line_->put_chars(text, &out); break;
      case OP_MOVE: line_->move(count(data, size), &out); break;
      case OP_INSC: line_->insert_chars(text, &out); break;
      case OP_DELC: line_->delete_chars(count(data, size), &out); break;
      case OP_BEEP: out.push_back('\a'); break;
      default: break;  // unknown: ignored, as ERTS does
    }
    StreamDriver::command(port, reinterpret_cast<const uint8_t*>(out.data()), out.size());
    if (data[0] != OP_PUTC_SYNC) return;
    if (port.queue.size() > SYNC_LIMIT) ok_owed_ = true;
    else port_send(port, atom::ok, new Heap);
  }

  void ready_output(Port& port, int fd) override {
    StreamDriver::ready_output(port, fd);
    if (ok_owed_ && port.queue.size() < SYNC_LIMIT) {
      ok_owed_ = false;
      port_send(port, atom::ok, new Heap);
    }
  }

  void ready_input(Port& port, int fd) override;

  int control(Port&, unsigned op, std::string_view data, std::string* reply) override {
    switch (op) {
      case CTRL_GET_WINSIZE: {
        uint32_t w = DEFAULT_WIDTH, h = DEFAULT_HEIGHT;
        winsize ws;
        if (ioctl(tty_fd_, TIOCGWINSZ, &ws) == 0) {
          w = ws.ws_col ? ws.ws_col : DEFAULT_WIDTH;
          h = ws.ws_row ? ws.ws_row : DEFAULT_HEIGHT;
        }
        reply->assign(reinterpret_cast<const char*>(&w), sizeof w);
        reply->append(reinterpret_cast<const char*>(&h), sizeof h);
        return 0;
      }
      case CTRL_GET_UNICODE_STATE: reply->assign(1, char(line_->utf8())); return 0;
      case CTRL_SET_UNICODE_STATE:
        if (data.empty()) return 0;  // nothing to set: an empty answer
        reply->assign(1, char(line_->utf8()));
        line_->set_utf8(data[0] != 0);
        return 0;
      default: return -1;
    }
  }

  void close(Port& port) override {
    flush(port);
    deselect_all(port);
    tcsetattr(tty_fd_, TCSANOW, &the_terminal.saved);
    int fl = fcntl(tty_fd_, F_GETFL);
    if (fl >= 0 && !was_nonblocking_) fcntl(tty_fd_, F_SETFL, fl & ~O_NONBLOCK);
    set_handler(SIGCONT, SIG_DFL);
    set_handler(SIGWINCH, SIG_DFL);
    if (tty_fd_ != 0) ::close(tty_fd_);
    tty_fd_ = -1;
    the_terminal.in_use.store(false);
  }

 private:
  OpenStatus start(Port& port, const PortSpec& spec);

  // MOVE and DELC: a signed big-endian 16-bit count after the op.
  static int count(const uint8_t* data, size_t size) {
    uint8_t hi = size > 1 ? data[1] : 0, lo = size > 2 ? data[2] : 0;
    return int(int16_t(uint16_t(hi << 8 | lo)));
  }

  void follow_resize() {
    if (!the_terminal.resized.exchange(false)) return;
    winsize ws;
    if (ioctl(tty_fd_, TIOCGWINSZ, &ws) == 0) line_->set_columns(ws.ws_col);
  }

  // Sends bytes typed as one {data, ...} message (ERTS sends an empty one
  // when a read brought only part of a character).
  static void deliver(Port& port, const char* bytes, size_t n) {
    if (n > 0) return port_input(port, reinterpret_cast<const uint8_t*>(bytes), n);
    auto* h = new Heap;
    port_send(port, make_tuple(*h, {atom::data, NIL}), h);
  }

  int tty_fd_ = -1;
  bool was_nonblocking_ = false;
  bool ok_owed_ = false;  // a PUTC_SYNC waits for the queue to shrink
  locale_t locale_ = nullptr;
  std::unique_ptr<TtyLine> line_;
  std::string partial_;  // the start of a UTF-8 character a read cut
};

OpenStatus TtySlDriver::start(Port& port, const PortSpec& spec) {
  if (!isatty(0) || !isatty(1)) return {OpenStatus::general, 0};
  TtyArgs args = parse_args(spec.command);
  tty_fd_ = 0;
  if (!args.device.empty()) {
    tty_fd_ = ::open(args.device.c_str(), O_RDWR | O_CLOEXEC);
    if (tty_fd_ < 0) return {OpenStatus::general, 0};
  }
  auto fail = [&](bool reset) -> OpenStatus {
    if (reset) tcsetattr(tty_fd_, TCSANOW, &the_terminal.saved);
    if (tty_fd_ != 0) ::close(tty_fd_);
    tty_fd_ = -1;
    return {OpenStatus::general, 0};
  };
  if (tcgetattr(tty_fd_, &the_terminal.saved) < 0) return fail(false);
  the_terminal.raw = raw_mode(the_terminal.saved, args);
  if (tcsetattr(tty_fd_, TCSANOW, &the_terminal.raw) < 0) return fail(true);
  std::vector<std::string> env = port.host->environment();
  TermCaps caps;
  if (!load_term_caps(env_value(env, "TERM"), &caps)) return fail(true);
  // the columns: the window's, as curses reports them, else terminfo's
  winsize ws;
  int cols = ioctl(tty_fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : caps.columns;
  // ERTS sets LC_CTYPE from the environment; a locale object of our own
  // does the same without changing the VM's
  std::string lc = env_value(env, "LC_ALL");
  if (lc.empty()) lc = env_value(env, "LC_CTYPE");
  if (lc.empty()) lc = env_value(env, "LANG");
  locale_ = newlocale(LC_CTYPE_MASK, lc.empty() ? "C" : lc.c_str(), nullptr);
  if (!locale_) locale_ = newlocale(LC_CTYPE_MASK, "C", nullptr);
  line_ = std::make_unique<TtyLine>(caps, cols, locale_);
  line_->set_utf8(strcmp(nl_langinfo_l(CODESET, locale_), "UTF-8") == 0);
  int fl = fcntl(tty_fd_, F_GETFL);
  was_nonblocking_ = fl >= 0 && (fl & O_NONBLOCK);
  set_nonblocking(tty_fd_);
  the_terminal.fd = tty_fd_;
  the_terminal.resized.store(false);
  set_handler(SIGCONT, on_cont);
  set_handler(SIGWINCH, on_winch);
  in_fd_ = out_fd_ = tty_fd_;
  reading_ = true;
  update_select(port);
  return {};
}

void TtySlDriver::ready_input(Port& port, int fd) {
  char buf[READ_SIZE];
  size_t have = partial_.size();
  memcpy(buf, partial_.data(), have);
  partial_.clear();
  ssize_t n = read(fd, buf + have, sizeof buf - have);
  if (n < 0) {
    partial_.assign(buf, have);
    if (errno != EAGAIN && errno != EINTR) port_fail_posix(port, errno);
    return;
  }
  if (n == 0) {  // the terminal hung up
    stop_reading(port);
    return port_input_eof(port);
  }
  size_t total = have + size_t(n), pos = 0;
  std::string_view in(buf, total);
  if (line_->utf8()) {
    int ch = 0;
    while (pos < total && (ch = next_utf8(in, &pos)) >= 0) {
    }
    if (ch != -1) {
      if (ch == -2 && total - pos <= 4) partial_.assign(buf + pos, total - pos);
      return deliver(port, buf, pos);
    }
    // not a UTF-8 terminal after all: from the bad byte on, each byte is
    // a Latin-1 character (what came before it is dropped, as in ERTS)
    line_->set_utf8(false);
  }
  while (pos < total) {
    std::string chunk;
    while (chunk.size() < LATIN1_CHUNK && pos < total) append_utf8(uint8_t(buf[pos++]), &chunk);
    deliver(port, chunk.data(), chunk.size());
  }
}

}  // namespace

std::unique_ptr<Driver> make_tty_sl_driver() { return std::make_unique<TtySlDriver>(); }

}  // namespace girder
