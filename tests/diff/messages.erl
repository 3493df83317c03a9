-module(messages).
-export([main/0]).
main() ->
    Self = self(),
    Pids = [spawn(fun() -> worker(Self, N) end) || N <- lists:seq(1, 100)],
    Sum = lists:sum([receive {done, P, V} -> V end || P <- Pids]),
    io:format("sum ~p~n", [Sum]),
    self() ! b, self() ! a, self() ! c,
    io:format("~p~n", [receive a -> got_a end]),
    io:format("~p~n", [receive X -> X end]),
    io:format("~p~n", [receive after 10 -> timeout end]),
    io:format("~p~n", [receive Y -> Y after 0 -> none end]),
    {Pid, Ref} = spawn_monitor(fun() -> exit(bye) end),
    io:format("~p~n", [receive {'DOWN', Ref, process, Pid, R} -> R end]),
    process_flag(trap_exit, true),
    L = spawn_link(fun() -> exit(linked_bye) end),
    io:format("~p~n", [receive {'EXIT', L, R2} -> R2 end]),
    register(me, self()),
    me ! registered,
    io:format("~p~n", [receive registered -> ok end]),
    Ring = ring(1000),
    io:format("ring ~p~n", [Ring]).
worker(Parent, N) -> Parent ! {done, self(), N * N}.
ring(N) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> relay(Next) end) end, Self, lists:seq(1, N)),
    First ! {token, 0},
    receive {token, C} -> C end.
relay(Next) -> receive {token, C} -> Next ! {token, C + 1} end.
