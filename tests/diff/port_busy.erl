%% Busy ports and driver failures. A child that does not read yet lets the
%% pipe and then the port's queue fill: from 8 KB queued the port is busy,
%% port_command/3 with nosuspend answers false, port_command/2 waits until
%% the queue has drained. A write to a child that is gone fails the port
%% with epipe, which kills its owner unless it traps exits.
-module(port_busy).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    process_flag(trap_exit, true),
    %% the child sleeps, then reads everything and reports the byte count
    P = open_port({spawn_executable, "/bin/sh"},
                  [{args, ["-c", "sleep 1; wc -c"]}, exit_status]),
    Big = binary:copy(<<"0123456789">>, 20000),
    show(port_command(P, Big)),
    {queue_size, Q} = erlang:port_info(P, queue_size),
    show(Q > 8192),
    show(port_command(P, <<"more">>, [nosuspend])),
    show(port_command(P, <<"more">>, [])),  % waits until the queue is empty
    show(port_command(P, <<"last">>, [nosuspend])),
    port_close(P),
    show(receive {'EXIT', P, R} -> R after 1000 -> none end),
    show(flush()),
    %% every byte that port_command accepted reaches the child, in order
    Q2 = open_port({spawn_executable, "/bin/sh"},
                   [{args, ["-c", "sleep 0.3; head -c 200016 | md5sum"]}, {line, 80}]),
    [true = port_command(Q2, Chunk) || Chunk <- [Big, <<"0123456789abcdef">>]],
    Md5 = erlang:md5([Big, <<"0123456789abcdef">>]),
    Hex = lists:flatten([io_lib:format("~2.16.0b", [B]) || <<B>> <= Md5]),
    show(receive {Q2, {data, {eol, Sum}}} -> Sum =:= Hex ++ "  -" after 10000 -> timeout end),
    show(receive {'EXIT', Q2, R2} -> R2 after 5000 -> none end),
    %% writing to a child that has exited: the port fails with epipe
    E = open_port({spawn, "true"}, [eof, exit_status]),
    show(receive {E, {exit_status, S}} -> S after 5000 -> none end),
    show(receive {E, eof} -> eof after 5000 -> none end),
    show(port_command(E, "to nobody")),
    show(receive {'EXIT', E, RE} -> RE after 5000 -> none end),
    err(fun() -> port_command(E, "again") end),
    %% an owner that does not trap exits dies of it (the exit status comes
    %% once the child is gone: its end of the pipe is closed by then, which
    %% the end of its output alone does not promise)
    Parent = self(),
    {Owner, Mon} = spawn_monitor(fun() ->
                                         O = open_port({spawn, "true"}, [eof, exit_status]),
                                         receive {O, {exit_status, _}} -> ok end,
                                         receive {O, eof} -> ok end,
                                         port_command(O, "x"),
                                         Parent ! not_dead_yet,
                                         receive never -> ok end
                                 end),
    show(receive {'DOWN', Mon, process, Owner, RO} -> RO after 5000 -> none end),
    show(flush()),
    ok.

flush() ->
    receive M -> [anon(M) | flush()] after 200 -> [] end.

anon(T) when is_port(T) -> port;
anon(T) when is_pid(T) -> pid;
anon(T) when is_tuple(T) -> list_to_tuple([anon(E) || E <- tuple_to_list(T)]);
anon(T) -> T.
