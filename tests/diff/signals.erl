%% Exit signals, links and monitors as signals: exit/2 against link exits,
%% trapping, kill and killed, unlink's promise, monitors by name, DOWN after
%% demonitor, links and monitors made to a process that is exiting.
-module(signals).
-export([main/0]).

main() ->
    process_flag(trap_exit, true),
    %% exit/2 with kill cannot be trapped; the link then carries killed
    T1 = spawn_link(fun() -> process_flag(trap_exit, true), sleep() end),
    exit(T1, kill),
    show(exit_of(T1)),
    %% a process that exits with reason kill passes kill over its links:
    %% a non-trapping linked process dies with kill, not killed
    {Mid, MidRef} = spawn_monitor(fun() -> spawn_link(fun() -> exit(kill) end), sleep() end),
    show(receive {'DOWN', MidRef, process, Mid, R1} -> R1 end),
    %% a trapping process sees exit/2 reasons as messages, normal too
    Self = self(),
    T2 = spawn_link(fun() -> process_flag(trap_exit, true), Self ! trapping, relay_one() end),
    receive trapping -> ok end,
    exit(T2, normal),
    show(exit_of(T2)),
    %% exit(Pid, normal) to a non-trapping process does nothing
    T3 = spawn_link(fun() -> receive stop -> exit(stopped) end end),
    exit(T3, normal),
    show(is_process_alive(T3)),
    T3 ! stop,
    show(exit_of(T3)),
    %% after unlink/1 no exit signal comes from the link
    T4 = spawn_link(fun() -> receive go -> exit(bye) end end),
    unlink(T4),
    T4 ! go,
    show(receive {'EXIT', T4, _} = M -> M after 100 -> none end),
    %% link to a dead process while trapping: {'EXIT', Pid, noproc}
    Dead = spawn(fun() -> ok end),
    wait_dead(Dead),
    link(Dead),
    show(receive {'EXIT', Dead, R2} -> R2 after 100 -> none end),
    %% monitors: by name, the DOWN names {Name, Node}
    N = spawn(fun() -> register(sig_named, self()), receive stop -> ok end end),
    wait_registered(sig_named),
    Ref = monitor(process, sig_named),
    show(process_info(self(), monitors) =:= {monitors, [{process, {sig_named, node()}}]}),
    N ! stop,
    show(receive {'DOWN', Ref, process, Who, R3} -> {Who =:= {sig_named, node()}, R3} end),
    %% demonitor before the DOWN arrives: no DOWN
    P5 = spawn(fun() -> receive stop -> ok end end),
    Ref5 = monitor(process, P5),
    P5 ! stop,
    show(demonitor(Ref5, [info])),
    show(receive {'DOWN', Ref5, _, _, _} = D -> D after 100 -> no_down end),
    %% demonitor after the process died: info says false, flush removes DOWN
    P6 = spawn(fun() -> ok end),
    Ref6 = monitor(process, P6),
    wait_dead(P6),
    timer:sleep(10),
    show(demonitor(Ref6, [flush, info])),
    show(receive {'DOWN', Ref6, _, _, _} = D6 -> D6 after 50 -> flushed end),
    %% monitored_by and links seen from the other side
    P7 = spawn(fun() -> receive stop -> ok end end),
    Ref7 = monitor(process, P7),
    link(P7),
    show(process_info(P7, monitored_by) =:= {monitored_by, [self()]}),
    show(process_info(P7, links) =:= {links, [self()]}),
    demonitor(Ref7),
    unlink(P7),
    show(process_info(P7, monitored_by)),
    show(process_info(P7, links)),
    P7 ! stop,
    %% a chain: the middle process dies of its child's reason
    {C, CRef} = spawn_monitor(fun() -> spawn_link(fun() -> exit(chain) end), sleep() end),
    show(receive {'DOWN', CRef, process, C, R8} -> R8 end),
    ok.

sleep() -> receive after infinity -> ok end.
relay_one() -> receive {'EXIT', _, R} -> exit({relayed, R}) end.
exit_of(P) -> receive {'EXIT', P, R} -> R after 1000 -> none end.
wait_dead(P) ->
    case is_process_alive(P) of
        true -> timer:sleep(1), wait_dead(P);
        false -> ok
    end.
wait_registered(Name) ->
    case whereis(Name) of
        undefined -> timer:sleep(1), wait_registered(Name);
        _ -> ok
    end.
show(X) -> io:format("~p~n", [X]).
