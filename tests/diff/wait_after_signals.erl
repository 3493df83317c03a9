%% A receive that waits (timer:sleep/1, a receive with no matching clause)
%% while signals that make no message sit in its queue: they are taken and
%% the process waits instead of spinning. Exit signals a process sends to
%% itself (exit(self(), R), a port's exit that reaches its owner) and
%% signals that a process ignores (normal from another process) are cases.
-module(wait_after_signals).
-export([main/0]).
-import(diff_show, [show/1]).

main() ->
    %% normal from another process is ignored: no message, and the sleep
    %% that follows must still end
    Self = self(),
    spawn(fun() -> exit(Self, normal) end),
    timer:sleep(50),
    show(slept_after_ignored_signal),
    %% a trapped exit signal to itself becomes a message the sleep leaves
    %% alone
    process_flag(trap_exit, true),
    exit(self(), to_self),
    timer:sleep(50),
    show(receive {'EXIT', P, R} -> {P =:= self(), R} after 0 -> none end),
    %% a receive with a clause that does not match waits for its timeout
    exit(self(), other),
    show(receive never_sent -> never after 50 -> timeout end),
    show(receive {'EXIT', _, R2} -> R2 after 0 -> none end),
    %% the same from a link signal sent while the receiver runs
    Pid = spawn_link(fun() -> ok end),
    timer:sleep(50),
    show(receive {'EXIT', Pid, R3} -> R3 after 0 -> none end),
    ok.
