%% Scenarios for tests/tty/run.sh, each run on a pseudo-terminal by erl
%% and by Girder: the tty_sl driver opened as OTP's user_drv opens it, fed
%% user_drv's commands (put, move, insert, delete, beep, put_sync) and its
%% port_control ops, answering what is typed. Everything shows on the
%% terminal through the port itself, so the two VMs' bytes can be compared.
-module(tty_probe).
-export([edit/0, wrap/0, wide/0, latin1/0, input/0, controls/0]).
-compile({no_auto_import, [put/2]}).

-define(MAGIC, 16#018b0900).
-define(OP_PUTC, 0).
-define(OP_MOVE, 1).
-define(OP_INSC, 2).
-define(OP_DELC, 3).
-define(OP_BEEP, 4).
-define(OP_PUTC_SYNC, 5).

open() -> open_port({spawn, "tty_sl -c -e"}, [eof]).

%% Writes and waits until the driver says it has (PUTC_SYNC's {Port, ok}).
put(P, Chars) ->
    port_command(P, [?OP_PUTC_SYNC | unicode:characters_to_binary(Chars)]),
    receive {P, ok} -> ok after 5000 -> exit(no_ok) end.

op(P, Op) -> port_command(P, Op), put(P, []).
move(P, N) -> op(P, [?OP_MOVE, <<N:16/signed>>]).
insert(P, Chars) -> op(P, [?OP_INSC | unicode:characters_to_binary(Chars)]).
delete(P, N) -> op(P, [?OP_DELC, <<N:16/signed>>]).

done(P) -> port_close(P).

%% Putting, moving, inserting and deleting on one line.
edit() ->
    P = open(),
    put(P, "start\n"),
    put(P, "hello world"),
    move(P, -5),
    insert(P, "INS"),
    delete(P, 2),
    delete(P, -2),
    move(P, 3),
    op(P, [?OP_BEEP]),
    move(P, -100),
    move(P, 100),
    put(P, "\n"),
    port_command(P, [?OP_PUTC | "tab\there ctl:" ++ [1, 127, 27] ++ "esc\r"]),
    put(P, "cr\n"),
    delete(P, -1),
    put(P, "end\n"),
    done(P).

%% A line longer than the window: cursor motions across rows, the right
%% margin (xn) when a line ends exactly at the last column.
wrap() ->
    P = open(),
    put(P, lists:duplicate(50, $x)),
    move(P, -40),
    insert(P, "ab"),
    delete(P, 5),
    move(P, 30),
    put(P, "\n"),
    put(P, lists:duplicate(40, $y)),
    put(P, "z\n"),
    put(P, lists:duplicate(39, $w)),
    insert(P, "I"),
    delete(P, -1),
    put(P, "\n"),
    done(P).

%% Characters wider than one column, and tabs, stepped over as one.
wide() ->
    P = open(),
    put(P, [20013, 25991, $a, 955, $\t, $b]),
    move(P, -4),
    insert(P, [26085]),
    delete(P, 1),
    delete(P, -2),
    put(P, "\n"),
    done(P).

%% A terminal that does not take UTF-8: \ooo and \x{H} escapes.
latin1() ->
    P = open(),
    Old = port_control(P, 102 + ?MAGIC, [0]),
    put(P, io_lib:format("was ~w now ~w~n", [Old, port_control(P, 101 + ?MAGIC, [])])),
    put(P, [233, 955, 8364, 65533, $\n]),
    put(P, [$a, 255, $b]),
    move(P, -2),
    delete(P, 1),
    put(P, "\n"),
    port_control(P, 102 + ?MAGIC, [1]),
    put(P, [233, $\n]),
    done(P).

%% What is typed comes as {data, Bytes}: UTF-8, control characters, a
%% character typed in two parts, a byte that is not UTF-8.
input() ->
    P = open(),
    put(P, "type> "),
    show(P),
    put(P, "again> "),
    show(P),
    put(P, "split> "),
    show(P),
    show(P),
    put(P, "bad> "),
    show(P),
    put(P, io_lib:format("unicode now ~w~n", [port_control(P, 101 + ?MAGIC, [])])),
    done(P).

show(P) ->
    Got = receive {P, {data, D}} -> D after 5000 -> timeout end,
    put(P, io_lib:format("~ngot ~w~n", [Got])).

%% port_control: window size, unicode state, unknown ops; port_info.
controls() ->
    P = open(),
    put(P, io_lib:format("winsize ~w~n", [port_control(P, 100 + ?MAGIC, [])])),
    put(P, io_lib:format("unicode ~w~n", [port_control(P, 101 + ?MAGIC, [])])),
    put(P, io_lib:format("set empty ~w~n", [port_control(P, 102 + ?MAGIC, [])])),
    put(P, io_lib:format("unknown ~w~n", [catch_reason(fun() -> port_control(P, 100, []) end)])),
    put(P, io_lib:format("second ~w~n", [catch_reason(fun() -> open() end)])),
    put(P, io_lib:format("info ~w~n", [[erlang:port_info(P, I) || I <- [name, locking, queue_size]]])),
    done(P),
    %% once closed, the terminal can be opened again
    Q = open(),
    put(Q, "reopened\n"),
    done(Q).

catch_reason(F) ->
    try F() of V -> {ok, V} catch error:R -> {error, R} end.
