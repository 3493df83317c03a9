%% An echo server and a client that pass a megabyte each way: the client
%% sends 1 MB in pieces of varied sizes while a reader process takes the
%% echo back, and both sides check what arrived with md5. Then the same
%% with {packet, 4} and one large packet, and with active once on the
%% server.
-module(inet_tcp_echo).
-export([main/0]).
-import(diff_show, [show/1]).

main() ->
    {ok, L} = gen_tcp:listen(0, [{ip, {127,0,0,1}}, binary, {active, false}, {reuseaddr, true}]),
    {ok, P} = inet:port(L),
    Data = make_data(1 bsl 20),
    show(byte_size(Data)),
    %% raw stream, passive server
    server(L, fun echo_passive/1),
    show(client(P, [binary, {active, false}], Data)),
    %% one 1 MB packet with a 4-byte header
    server(L, fun echo_passive/1),
    show(client(P, [binary, {active, false}, {packet, 4}], Data)),
    %% active once on the server
    server(L, fun echo_once/1),
    show(client(P, [binary, {active, false}], Data)),
    gen_tcp:close(L),
    ok.

make_data(N) -> << <<(I rem 251)>> || I <- lists:seq(1, N) >>.

server(L, Loop) ->
    Self = self(),
    spawn_link(fun() ->
                       {ok, S} = gen_tcp:accept(L),
                       {ok, [{packet, _}]} = inet:getopts(S, [packet]),
                       Self ! server_ready,
                       Loop(S)
               end).

echo_passive(S) ->
    case gen_tcp:recv(S, 0) of
        {ok, D} -> ok = gen_tcp:send(S, D), echo_passive(S);
        {error, closed} -> ok
    end.

echo_once(S) ->
    ok = inet:setopts(S, [{active, once}]),
    receive
        {tcp, S, D} -> ok = gen_tcp:send(S, D), echo_once(S);
        {tcp_closed, S} -> ok
    end.

client(P, Opts, Data) ->
    {ok, C} = gen_tcp:connect({127,0,0,1}, P, Opts),
    receive server_ready -> ok end,
    Packet = proplists:get_value(packet, Opts, 0),
    Self = self(),
    Reader = spawn_link(fun() -> Self ! {echoed, read(C, Packet, byte_size(Data), [])} end),
    ok = gen_tcp:controlling_process(C, Reader),
    case Packet of
        0 -> send_pieces(C, Data, 1);
        4 -> ok = gen_tcp:send(C, Data)
    end,
    Back = receive {echoed, B} -> B end,
    ok = gen_tcp:close(C),
    {byte_size(Back), erlang:md5(Back) =:= erlang:md5(Data)}.

send_pieces(_C, <<>>, _N) -> ok;
send_pieces(C, Data, N) ->
    Size = min(byte_size(Data), (N * 7919) rem 65536 + 1),
    <<Piece:Size/binary, Rest/binary>> = Data,
    ok = gen_tcp:send(C, Piece),
    send_pieces(C, Rest, N + 1).

read(_C, _Packet, 0, Acc) -> iolist_to_binary(lists:reverse(Acc));
read(C, Packet, Left, Acc) ->
    {ok, D} = gen_tcp:recv(C, 0),
    read(C, Packet, Left - byte_size(D), [D | Acc]).
