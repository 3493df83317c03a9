%% The inet drivers' first steps: inet:gethostname/0 (a udp_inet port
%% asked INET_REQ_GETHOSTNAME), opening udp and tcp sockets for inet and
%% inet6 and binding them to port 0, their status, type and default
%% options, and closing them. Also the raw protocol: requests without
%% prim_inet's offset and unknown ones answer exbadport.
-module(inet_open).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    show(inet:gethostname()),
    {ok, U} = inet_udp:open(0, []),
    {ok, UPort} = inet:port(U),
    show(is_integer(UPort) andalso UPort > 0),
    show(erlang:port_info(U, name)),
    show(prim_inet:getstatus(U)),
    show(prim_inet:gettype(U)),
    show(inet:getopts(U, [active, mode, buffer, recbuf, reuseaddr, header,
                          packet, deliver, read_packets, broadcast,
                          high_msgq_watermark, low_msgq_watermark])),
    %% tcp options are taken and ignored on a udp socket
    show(inet:setopts(U, [{high_watermark, 100}, {send_timeout, 5}])),
    show(inet:getopts(U, [high_watermark, send_timeout, delay_send])),
    show(inet:setopts(U, [{read_packets, 0}])),
    show(inet:setopts(U, [{high_msgq_watermark, 100}])),
    show(inet:getopts(U, [high_msgq_watermark, low_msgq_watermark])),
    show(erlang:port_control(U, 1, [])),
    show(erlang:port_control(U, 16#03f1a300 + 200, [])),
    err(fun() -> erlang:port_control(U, 16#03f1a300 + 11, [77]) end),
    {ok, {Addr, _}} = inet:sockname(U),
    show(Addr),
    show(inet:peername(U)),
    show(inet_udp:close(U)),
    show(erlang:port_info(U)),
    %% inet6, bound to the loopback address
    {ok, U6} = gen_udp:open(0, [inet6, {ip, {0,0,0,0,0,0,0,1}}]),
    {ok, {Addr6, _}} = inet:sockname(U6),
    show(Addr6),
    show(prim_inet:gettype(U6)),
    show(gen_udp:close(U6)),
    %% a tcp socket bound but neither listening nor connected
    {ok, T} = prim_inet:open(tcp, inet, stream),
    show(prim_inet:getstatus(T)),
    {ok, TPort} = prim_inet:bind(T, {127,0,0,1}, 0),
    show(TPort > 0),
    show(prim_inet:getstatus(T)),
    show(prim_inet:bind(T, {127,0,0,1}, 0)),
    show(inet:getopts(T, [active, mode, buffer, packet, exit_on_close,
                          high_watermark, low_watermark, send_timeout,
                          send_timeout_close, delay_send, nodelay, keepalive,
                          linger, show_econnreset, nopush, tos, priority])),
    show(prim_inet:peername(T)),
    show(prim_inet:close(T)),
    %% opening twice, unknown families and types
    {ok, T2} = prim_inet:open(tcp, inet, stream),
    show(erlang:port_control(T2, 16#03f1a300 + 1, [1, 1])),
    show(erlang:port_control(T2, 16#03f1a300 + 1, [9, 1])),
    show(prim_inet:close(T2)),
    show(prim_inet:open(tcp, inet, dgram)),
    show(prim_inet:open(udp, inet, seqpacket)),
    ok.
