%% flags: +S 4
%% Many ports at once on several schedulers: processes each drive a spawn
%% port (lines through cat, packets through cat, os:cmd) and check that
%% every byte came back, in order, with nothing lost or duplicated; the
%% main process prints what they found.
-module(port_many).
-export([main/0]).
-import(diff_show, [show/1]).

-define(LINES, 300).

main() ->
    Self = self(),
    Kinds = [lines, packets, cmd],
    Workers = [{K, I} || I <- lists:seq(1, 20), K <- Kinds],
    Pids = [spawn_link(fun() -> Self ! {done, self(), K, work(K, I)} end) || {K, I} <- Workers],
    Results = [receive {done, P, Kind, R} -> {Kind, R} end || P <- Pids],
    show(lists:usort([{K, R} || {K, R} <- Results])),
    show(length(Results)),
    show(length(erlang:ports()) =:= length([P || P <- erlang:ports(), erlang:port_info(P, name) =/= {name, "cat"}])),
    ok.

%% Lines through cat: each comes back once, in order.
work(lines, I) ->
    P = open_port({spawn, "cat"}, [{line, 64}, binary]),
    Sent = [iolist_to_binary(io_lib:format("worker ~p line ~p", [I, N])) || N <- lists:seq(1, ?LINES)],
    [port_command(P, [L, $\n]) || L <- Sent],
    Got = [receive {P, {data, {eol, L}}} -> L after 10000 -> timeout end || _ <- Sent],
    port_close(P),
    Got =:= Sent;
%% Packets of growing sizes through cat, split and joined by the pipe.
work(packets, I) ->
    P = open_port({spawn, "cat"}, [{packet, 4}, binary]),
    Sent = [binary:copy(<<I>>, N * 97) || N <- lists:seq(1, 60)],
    [port_command(P, S) || S <- Sent],
    Got = [receive {P, {data, D}} -> D after 10000 -> timeout end || _ <- Sent],
    port_close(P),
    Got =:= Sent;
%% os:cmd in parallel with everything else.
work(cmd, I) ->
    Out = os:cmd("seq " ++ integer_to_list(I) ++ " " ++ integer_to_list(I + 2000)),
    Out =:= lists:append([integer_to_list(N) ++ "\n" || N <- lists:seq(I, I + 2000)]).
