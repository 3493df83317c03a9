%% The spawn driver: open_port({spawn, Cmd}) and {spawn_executable, File}
%% with their settings, the messages a port sends its owner (data, lines,
%% packets, exit status, eof, the exit signal at the end) and their order,
%% errors, close, links and monitors. What a child prints in several writes
%% may reach the port in one read or several (on both VMs), so stream data
%% is joined before it is shown; lines and packets are whole by nature.
-module(port_spawn).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    process_flag(trap_exit, true),
    %% stream data, exit status, then the exit signal (no eof setting)
    show(run({spawn, "echo hello"}, [exit_status])),
    show(run({spawn, "echo hello"}, [exit_status, binary])),
    %% eof: {Port, eof} instead of closing; the port stays open
    show(run({spawn, "printf 'no newline'"}, [exit_status, eof])),
    show(run({spawn, "echo x"}, [eof])),
    show(run({spawn, "echo x"}, [])),
    %% exit codes, signals as 128 + N, a command the shell cannot find
    show(run({spawn, "sh -c 'exit 3'"}, [exit_status])),
    show(run({spawn, "sh -c 'exit 300'"}, [exit_status])),
    show(run({spawn, "kill -9 $$"}, [exit_status])),
    show(run({spawn, "kill -TERM $$"}, [exit_status])),
    show(run({spawn, "no_such_command_here"}, [exit_status, stderr_to_stdout])),
    %% lines: eol / noeol, a CR before the newline, a last line without one
    show(run({spawn, "printf 'ab\\ncdefghij\\nxy'"}, [{line, 4}, exit_status])),
    show(run({spawn, "printf 'ab\\r\\ncd\\r\\r\\n\\r\\n'"}, [{line, 10}])),
    show(run({spawn, "printf 'abcd\\r\\nabcd\\rx\\nabcd\\r'"}, [{line, 4}, binary])),
    show(run({spawn, "printf '1234\\n'"}, [line])),
    %% packets in, split across writes too
    show(run({spawn, "printf '\\000\\003abc\\000\\000\\000\\001d'"}, [{packet, 2}, binary])),
    show(run({spawn, "printf '\\002ab'"}, [{packet, 1}, exit_status])),
    show(run({spawn, "printf '\\000\\000\\000\\002hi'"}, [{packet, 4}])),
    show(run({spawn_executable, "/bin/sh"},
             [{args, ["-c", "printf '\\000'; sleep 0.1; printf '\\003ab'; sleep 0.1; printf 'c\\000\\000'"]},
              {packet, 2}, exit_status])),
    show(run({spawn, "printf '\\000\\005abc'"}, [{packet, 2}, exit_status])),
    %% packets out: cat sends the framed bytes back, which come in as the
    %% same packets; too large for the header: einval
    show(packets_through("cat", [{packet, 2}], ["hi", "", <<"there">>])),
    show(packets_through("cat", [{packet, 1}, binary], ["x", lists:duplicate(255, $a)])),
    show(run_with_input("cat", [{packet, 1}], [lists:duplicate(256, $a)])),
    %% output through a pipe and back; an iolist; {Pid, {command, ...}}
    show(echo_through("cat", [], ["one ", [<<"two">>, $\s], <<"three">>])),
    show(run_with_input("head -c 5 | tr a-z A-Z", [binary], ["shout"])),
    P0 = open_port({spawn, "head -c 3"}, []),
    P0 ! {self(), {command, [$a, <<"b">>, "c"]}},
    show(join(collect(P0, []))),
    %% stderr: to the VM's stderr, or with the data
    show(run({spawn, "echo to_err >&2; echo to_out"}, [exit_status])),
    show(run({spawn, "sh -c 'echo to_err >&2; echo to_out'"}, [stderr_to_stdout, {line, 80}])),
    %% nouse_stdio: fds 3 and 4
    show(echo_through("cat <&3 >&4", [nouse_stdio], ["via 3 and 4"])),
    %% in only: no output to the child; out only: no input, no exit status
    show(run({spawn, "echo in only"}, [in, exit_status])),
    P00 = open_port({spawn, "true"}, [out, exit_status]),
    show(receive M00 -> anon(M00) after 300 -> nothing end),
    port_close(P00),
    %% spawn_executable: args, arg0, relative and missing files
    show(run({spawn_executable, "/bin/echo"}, [{args, ["a", "b c", <<"bin">>, d]}, exit_status])),
    show(run({spawn_executable, "/bin/sh"}, [{args, ["-c", "echo $0 $#"]}, exit_status])),
    show(run({spawn_executable, "/bin/sh"}, [{args, ["-c", "echo $0"]}, {arg0, "zero"}, exit_status])),
    show(run({spawn_executable, "/bin/sh"}, [{args, ["-c", "exit 4"]}, exit_status])),
    err(fun() -> open_port({spawn_executable, "/no/such/file"}, []) end),
    err(fun() -> open_port({spawn_executable, "/etc/passwd"}, []) end),
    err(fun() -> open_port({spawn_executable, "sh"}, []) end),
    %% a directory passes the access check and fails the exec: errno 13
    show(run({spawn_executable, "/tmp"}, [exit_status])),
    %% cd and env
    show(run({spawn, "pwd"}, [{cd, "/usr"}, exit_status])),
    show(run({spawn, "pwd"}, [{cd, <<"/">>}, exit_status])),
    show(run({spawn, "pwd"}, [{cd, "/no/such/dir"}, exit_status])),
    show(run({spawn_executable, "/bin/pwd"}, [{cd, "/etc/passwd"}, exit_status])),
    os:putenv("PORT_SPAWN_INHERITED", "from the vm"),
    show(run({spawn, "echo \"[$PORT_SPAWN_INHERITED] [$PORT_SPAWN_NEW] [$HOME]\""},
             [{env, [{"PORT_SPAWN_NEW", "new"}, {"HOME", false}]}, exit_status])),
    show(run({spawn, "echo \"[$PORT_SPAWN_INHERITED]\""},
             [{env, [{"PORT_SPAWN_INHERITED", []}]}, exit_status])),
    show(run({spawn, "echo \"[$PORT_SPAWN_INHERITED]\""},
             [{env, [{"PORT_SPAWN_INHERITED", "changed"}]}, exit_status])),
    os:unsetenv("PORT_SPAWN_INHERITED"),
    %% bad settings
    err(fun() -> open_port({spawn, "true"}, [{env, [{"A=B", "c"}]}]) end),
    err(fun() -> open_port({spawn, "true"}, [{env, [bad]}]) end),
    err(fun() -> open_port({spawn, "true"}, [{cd, 42}]) end),
    err(fun() -> open_port({spawn, "true"}, [{args, ["x"]}]) end),
    err(fun() -> open_port({spawn, ""}, []) end),
    err(fun() -> open_port({spawn, "true"}, [nouse_stdio, stderr_to_stdout]) end),
    err(fun() -> open_port({spawn_driver, "no_such_driver"}, []) end),
    err(fun() -> open_port({spawn_driver, "fd"}, []) end),
    err(fun() -> open_port({spawn_driver, "spawn"}, []) end),
    %% port_info of a spawn port
    P = open_port({spawn, "cat"}, []),
    show([K || {K, _} <- erlang:port_info(P)]),
    {os_pid, OsPid} = erlang:port_info(P, os_pid),
    show(is_integer(OsPid) andalso OsPid > 0),
    show([erlang:port_info(P, I) || I <- [name, input, output, queue_size, locking,
                                          parallelism, monitors, monitored_by]]),
    port_command(P, "12345\n"),
    show(receive {P, {data, D}} -> D after 5000 -> timeout end),
    show([erlang:port_info(P, I) || I <- [input, output]]),
    err(fun() -> port_control(P, 1, []) end),
    err(fun() -> erlang:port_call(P, 1, x) end),
    err(fun() -> port_command(P, "x", [force]) end),
    show(port_command(P, "x", [nosuspend])),
    show(receive {P, {data, D2}} -> D2 after 5000 -> timeout end),
    %% close: no more messages, the link carries normal
    true = port_close(P),
    show(receive {'EXIT', P, R} -> R after 1000 -> none end),
    show(flush()),
    err(fun() -> port_command(P, "x") end),
    %% {Pid, close}: {Port, closed}
    P2 = open_port({spawn, "cat"}, []),
    P2 ! {self(), close},
    show(receive {P2, closed} -> closed after 1000 -> none end),
    show(receive {'EXIT', P2, R2} -> R2 after 1000 -> none end),
    %% a closed port leaves its child alone: cat ends at eof on its stdin
    %% and a child that ignores it is reaped when it exits
    P3 = open_port({spawn, "sleep 0.2"}, [exit_status]),
    port_close(P3),
    show(flush()),
    %% monitors: DOWN after the exit signal, by name too
    P4 = open_port({spawn, "cat"}, []),
    M4 = erlang:monitor(port, P4),
    register(spawn_port, P4),
    M4b = erlang:monitor(port, spawn_port),
    show(erlang:port_info(P4, monitored_by) =:= {monitored_by, [self(), self()]}),
    {monitors, Ms} = process_info(self(), monitors),
    show(lists:sort(Ms) =:= lists:sort([{port, P4}, {port, {spawn_port, node()}}])),
    exit(P4, kill),
    show(receive {'EXIT', P4, R4} -> R4 after 1000 -> none end),
    show(receive {'DOWN', M4, port, P4, R4b} -> R4b after 1000 -> none end),
    show(receive {'DOWN', M4b, port, Who, R4c} -> {Who, R4c} after 1000 -> none end),
    show(whereis(spawn_port)),
    M5 = erlang:monitor(port, P4),
    show(receive {'DOWN', M5, port, P4, R5} -> R5 after 1000 -> none end),
    M6 = erlang:monitor(port, no_such_port_name),
    show(receive {'DOWN', M6, port, W6, R6} -> {W6, R6} after 1000 -> none end),
    err(fun() -> erlang:monitor(port, self()) end),
    err(fun() -> erlang:monitor(process, P4) end),
    %% demonitor: no DOWN, the port forgets the monitor
    P7 = open_port({spawn, "cat"}, []),
    M7 = erlang:monitor(port, P7),
    show(erlang:demonitor(M7, [info])),
    show(erlang:port_info(P7, monitored_by)),
    port_close(P7),
    show(flush()),
    %% monitor/3 with a tag
    P8 = open_port({spawn, "cat"}, []),
    M8 = erlang:monitor(port, P8, [{tag, port_down}]),
    port_close(P8),
    show(receive {port_down, M8, port, P8, R8} -> R8 after 1000 -> none end),
    show(flush()),
    %% the owner's death closes the port, whose child then sees eof
    Parent = self(),
    Owner = spawn(fun() ->
                          Q = open_port({spawn, "cat"}, []),
                          Parent ! {port, Q},
                          receive die -> exit(boom) end
                  end),
    Q9 = receive {port, Qp} -> Qp end,
    M9 = erlang:monitor(port, Q9),
    Owner ! die,
    show(receive {'DOWN', M9, port, Q9, R9} -> R9 after 1000 -> none end),
    %% a non-owner linked process that dies with normal leaves it open
    P10 = open_port({spawn, "cat"}, []),
    Linked = spawn(fun() -> receive go -> ok end end),
    erlang:port_connect(P10, Linked),
    erlang:port_connect(P10, self()),
    unlink(P10),
    link(P10),
    Linked ! go,
    timer:sleep(50),
    show(is_list(erlang:port_info(P10))),
    port_close(P10),
    show(flush()),
    ok.

%% Opens a port and collects what it sends until it closes or says eof;
%% consecutive stream data is joined.
run(Name, Opts) ->
    try open_port(Name, Opts) of
        P -> join(collect(P, []))
    catch
        error:E -> {error, E}
    end.

run_with_input(Cmd, Opts, Input) ->
    P = open_port({spawn, Cmd}, Opts),
    [port_command(P, I) || I <- Input],
    join(collect(P, [])).

%% Sends Input through Cmd; the packets that come back, in order.
packets_through(Cmd, Opts, Input) ->
    P = open_port({spawn, Cmd}, Opts),
    [port_command(P, I) || I <- Input],
    Out = [receive {P, {data, D}} -> D after 5000 -> timeout end || _ <- Input],
    port_close(P),
    receive {'EXIT', P, normal} -> Out after 1000 -> {no_exit, Out} end.

%% Sends Input through Cmd, closes the port once the output has stopped.
echo_through(Cmd, Opts, Input) ->
    P = open_port({spawn, Cmd}, Opts),
    [port_command(P, I) || I <- Input],
    Out = wait_output(P, []),
    port_close(P),
    Out ++ flush().

wait_output(P, Acc) ->
    receive
        {P, {data, D}} -> wait_output(P, [D | Acc])
    after 300 ->
            case Acc of
                [B | _] when is_binary(B) -> iolist_to_binary(lists:reverse(Acc));
                _ -> lists:append(lists:reverse(Acc))
            end
    end.

collect(P, Acc) ->
    receive
        {P, eof} = M -> port_close(P), lists:reverse([tidy(M, P) | Acc]);
        {'EXIT', P, _} = M -> lists:reverse([tidy(M, P) | Acc]);
        {P, _} = M -> collect(P, [tidy(M, P) | Acc])
    after 5000 -> lists:reverse([timeout | Acc])
    end.

tidy(T, P) when T =:= P -> port;
tidy(T, P) when is_tuple(T) -> list_to_tuple([tidy(E, P) || E <- tuple_to_list(T)]);
tidy(T, _) -> T.

join([{port, {data, A}}, {port, {data, B}} | T]) when is_list(A), is_list(B) ->
    join([{port, {data, A ++ B}} | T]);
join([{port, {data, A}}, {port, {data, B}} | T]) when is_binary(A), is_binary(B) ->
    join([{port, {data, <<A/binary, B/binary>>}} | T]);
join([H | T]) -> [H | join(T)];
join([]) -> [].

%% What is left in the queue, ports and pids made printable.
flush() ->
    receive M -> [anon(M) | flush()] after 200 -> [] end.

anon(T) when is_port(T) -> port;
anon(T) when is_pid(T) -> pid;
anon(T) when is_reference(T) -> ref;
anon(T) when is_tuple(T) -> list_to_tuple([anon(E) || E <- tuple_to_list(T)]);
anon([H | T]) -> [anon(H) | anon(T)];
anon(T) -> T.
