// What the fd, spawn and vanilla drivers share (ERTS: sys_drivers.c's
// output, ready_input, ready_output): an input fd read when it is readable,
// and an output fd written at once when it takes the bytes, else through
// the port's queue when it becomes writable. Nothing here blocks a
// scheduler, except writes to an fd that is neither non-blocking nor able
// to take RWF_NOWAIT writes (a terminal, a regular file), which are quick.
#pragma once

#include "port/port.h"

namespace girder {

class StreamDriver : public Driver {
 public:
  void command(Port& port, const uint8_t* data, size_t size) override;
  void ready_input(Port& port, int fd) override;
  void ready_output(Port& port, int fd) override;
  void flush(Port& port) override;

 protected:
  // Reading has reached the end of input. The fd and vanilla drivers end
  // the input at once; the spawn driver waits for the exit status first.
  virtual void input_ended(Port& port) { port_input_eof(port); }
  // Starts watching the fds as the driver's state asks: the input fd while
  // reading, the output fd while output is queued.
  void update_select(Port& port);
  // Stops reading (end of input, or a read error).
  void stop_reading(Port& port);
  // Forgets both fds (the driver then closes those it owns).
  void deselect_all(Port& port);

  int in_fd_ = -1;
  int out_fd_ = -1;
  bool reading_ = false;
  // The output fd is blocking and not the VM's to change (stdout, say):
  // writes ask the kernel not to wait (RWF_NOWAIT), until it says it
  // cannot do that for this fd.
  bool out_nowait_ = false;

 private:
  // Writes what it can of iov without waiting; the bytes written, or -1
  // with errno (EAGAIN when nothing could be written).
  ssize_t write_some(const iovec* iov, int n);
  unsigned selected_in_ = 0, selected_out_ = 0;  // events last asked for each fd
};

// Sets O_NONBLOCK on fd.
void set_nonblocking(int fd);

}  // namespace girder
