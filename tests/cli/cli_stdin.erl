%% Functions for tests/cli/run.sh that read stdin through an fd port, as
%% OTP's `user` does: lines, totals of a large input, packets, and the end
%% of input with and without the eof setting. Run with -noinput so that no
%% other reader (erl's user) takes stdin.
-module(cli_stdin).
-export([lines/0, count/0, packets/0, no_eof/0]).

%% {line, 16}: eol and noeol pieces, then {Port, eof}.
lines() ->
    P = open_port({fd, 0, 1}, [in, {line, 16}, eof]),
    show_all(P).

%% A large input in stream mode: how it is split into reads differs, the
%% totals do not.
count() ->
    P = open_port({fd, 0, 1}, [in, binary, eof]),
    count(P, 0, 0).

count(P, Bytes, Sum) ->
    receive
        {P, {data, B}} -> count(P, Bytes + byte_size(B), erlang:crc32(Sum, B));
        {P, eof} ->
            io:format("~p bytes, crc ~p, input ~p~n", [Bytes, Sum, erlang:port_info(P, input)])
    end.

%% {packet, 2} on input.
packets() ->
    P = open_port({fd, 0, 1}, [in, {packet, 2}, binary, eof]),
    show_all(P).

%% Without eof the port closes at the end of input: the owner (trapping
%% exits) gets {'EXIT', Port, normal}.
no_eof() ->
    process_flag(trap_exit, true),
    P = open_port({fd, 0, 1}, [in]),
    show_all(P).

show_all(P) ->
    receive
        {P, {data, D}} -> io:format("~p~n", [D]), show_all(P);
        {P, eof} -> io:format("eof ~p~n", [erlang:port_info(P, input)]);
        {'EXIT', P, R} -> io:format("exit ~p~n", [R])
    after 10000 -> io:format("timeout~n")
    end.
