-module(gc_receive).
-export([main/0]).
%% A refc binary that comes back in a message, matched by a receive clause
%% that collects garbage before the message is removed (regression: the
%% collector used to overwrite the queued message with forwarding words).
main() ->
    Big = list_to_binary([I rem 256 || I <- lists:seq(1, 100000)]),
    Pid = spawn(fun() -> receive {B2, From} -> From ! {echo, B2} end end),
    Pid ! {Big, self()},
    io:format("~p~n", [receive {echo, E} -> E =:= Big end]),
    Refs = [binary:part(Big, I, 70) || I <- lists:seq(0, 999)],
    io:format("~p~n", [lists:sum([binary:last(R) || R <- Refs])]),
    Self = self(),
    [spawn(fun() -> Self ! {n, N, lists:seq(1, N)} end) || N <- lists:seq(1, 200)],
    Sums = [receive {n, N, L} -> lists:sum(L) + length([x || _ <- L]) end || N <- lists:seq(1, 200)],
    io:format("~p~n", [lists:sum(Sums)]).
