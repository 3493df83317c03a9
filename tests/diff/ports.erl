%% Ports with the fd driver: open_port/2 and its errors, output through
%% port_command and `Port ! {Pid, {command, Data}}`, port_info, close,
%% connect, links and exit signals, registered ports. Port numbers differ
%% between VMs (erl's boot opens ports of its own), so only their shape is
%% printed. The ports write to stderr: erl writes a port's output in a port
%% task, after port_command has returned, so on stdout it would race with
%% io:format's output (through user's port); the bytes are counted instead
%% (port_info output), and tests/unit/port checks what the fd driver writes.
-module(ports).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    P = open_port({fd, 0, 2}, [out]),
    show(is_port(P)),
    show(lists:member(P, erlang:ports())),
    true = port_command(P, "line one\n"),
    true = port_command(P, [<<"line ">>, "two", $\n]),
    P ! {self(), {command, <<"line three\n">>}},
    show(erlang:port_info(P, name)),
    show(erlang:port_info(P, connected) =:= {connected, self()}),
    show(erlang:port_info(P, links) =:= {links, [self()]}),
    show(erlang:port_info(P, registered_name)),
    show(erlang:port_info(P, output)),
    show([K || {K, _} <- erlang:port_info(P)]),
    err(fun() -> erlang:port_info(P, bogus) end),
    %% registered ports
    true = register(my_port, P),
    show(erlang:port_info(P, registered_name)),
    show(whereis(my_port) =:= P),
    show(hd(erlang:port_info(P))),
    true = port_command(my_port, "via name\n"),
    true = unregister(my_port),
    %% close by message: the owner gets {Port, closed}
    P ! {self(), close},
    show(receive {P, closed} -> closed after 1000 -> none end),
    show(erlang:port_info(P)),
    show(lists:member(P, erlang:ports())),
    err(fun() -> port_command(P, "x") end),
    err(fun() -> port_close(P) end),
    %% port_close
    P2 = open_port({fd, 0, 2}, [out, binary]),
    show(port_close(P2)),
    %% the -run process traps exits: P's close came back over the link
    show(receive {'EXIT', Pt, Rt} -> {'EXIT', Pt =:= P, Pt =:= P2, Rt}; M -> M after 100 -> nothing end),
    %% port_close sends no {Port, closed}, but the link still carries normal
    show(receive {'EXIT', P2, R2} -> {'EXIT', p2, R2}; M2 -> M2 after 100 -> nothing end),
    show(receive M3 -> M3 after 100 -> nothing end),
    %% bad arguments
    err(fun() -> open_port({fd, 0, 2}, [bogus]) end),
    err(fun() -> open_port({fd, 0, 2}, bogus) end),
    err(fun() -> open_port({fd, a, 1}, []) end),
    err(fun() -> open_port({bogus, 1}, []) end),
    err(fun() -> open_port({fd, 0, 2}, [{packet, 3}]) end),
    err(fun() -> open_port({fd, 0, 2}, [{line, 10}, {packet, 2}]) end),
    err(fun() -> open_port({fd, 0, 2}, [exit_status]) end),
    err(fun() -> open_port({fd, 0, 2}, [{args, ["a"]}]) end),
    err(fun() -> port_command(self(), "x") end),
    err(fun() -> port_command(nosuchport, "x") end),
    %% {packet, 2}: a length header before each write
    P3 = open_port({fd, 0, 2}, [out, {packet, 2}]),
    port_command(P3, "\npacket\n"),
    port_close(P3),
    io:format("~n"),
    %% a message the port does not take: exit signal badsig to the owner
    %% (data that is not iodata does the same, but erl also logs it with a
    %% time stamp, which no differential test can compare)
    P4 = open_port({fd, 0, 2}, [out]),
    process_flag(trap_exit, true),
    P4 ! {self(), bogus},
    show(receive {'EXIT', P4, R4} -> R4 after 1000 -> none end),
    show(erlang:port_info(P4, name)),
    P4 ! not_a_tuple,
    show(receive {'EXIT', P4, R4b} -> R4b after 1000 -> none end),
    port_close(P4),
    %% a message from a process that is not the owner: badsig to the owner
    P5 = open_port({fd, 0, 2}, [out]),
    Other = spawn(fun() -> receive go -> ok end end),
    P5 ! {Other, {command, "not sent\n"}},
    show(receive {'EXIT', P5, R5} -> R5 after 1000 -> none end),
    show([K || {K, _} <- erlang:port_info(P5)]),
    Other ! go,
    %% connect hands the port to another process, which is told
    P6 = open_port({fd, 0, 2}, [out]),
    Self = self(),
    New = spawn(fun() -> receive {P6, connected} = C -> Self ! {got, C} end,
                                 receive stop -> ok end end),
    P6 ! {self(), {connect, New}},
    show(receive {P6, connected} -> old_owner_told after 100 -> old_owner_not_told end),
    show(erlang:port_info(P6, connected) =:= {connected, New}),
    New ! stop,
    timer:sleep(50),
    %% the new owner was not linked: the port lives on
    show(erlang:port_info(P6, connected) =:= {connected, New}),
    port_close(P6),
    %% port_connect links the new owner; its death closes the port
    P7 = open_port({fd, 0, 2}, [out]),
    Holder = spawn(fun() -> receive stop -> exit(shutdown) end end),
    true = erlang:port_connect(P7, Holder),
    unlink(P7),
    show(erlang:port_info(P7, connected) =:= {connected, Holder}),
    show(erlang:port_info(P7, links) =:= {links, [Holder]}),
    Holder ! stop,
    timer:sleep(50),
    show(erlang:port_info(P7)),
    %% exit signals to a port: normal from a non-owner is ignored,
    %% anything else closes it and comes back over the link
    P8 = open_port({fd, 0, 2}, [out]),
    exit(P8, normal),
    show(is_list(erlang:port_info(P8))),
    exit(P8, kill),
    show(receive {'EXIT', P8, R8} -> R8 after 1000 -> none end),
    show(erlang:port_info(P8)),
    %% a linked owner that dies closes the port
    Parent = self(),
    Owner = spawn(fun() -> Parent ! {port, open_port({fd, 0, 2}, [out])},
                           receive die -> exit(boom) end end),
    P9 = receive {port, Pp} -> Pp end,
    show(is_list(erlang:port_info(P9))),
    Owner ! die,
    timer:sleep(50),
    show(erlang:port_info(P9)),
    show(erlang:system_info(port_count) =:= length(erlang:ports())),
    ok.
