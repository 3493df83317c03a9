%% Drivers by name: the vanilla driver (a file, open_port(Name, ...)),
%% tty_sl (refused off a terminal, so user_drv falls back to `user`),
%% {spawn_driver, ...} and {spawn, ...} naming a driver rather than a
%% program. Run from the test's scratch directory.
-module(port_drivers).
-export([main/0]).
-import(diff_show, [show/1, err/1]).

main() ->
    process_flag(trap_exit, true),
    %% vanilla: out creates and truncates, in reads it back
    W = open_port("vanilla_file.txt", [out]),
    port_command(W, ["written ", <<"through">>, " a port\n"]),
    port_close(W),
    show(os:cmd("cat vanilla_file.txt")),
    R = open_port('vanilla_file.txt', [in, eof, {line, 8}]),
    show(collect(R)),
    port_close(R),
    R2 = open_port("vanilla_file.txt", [in]),
    show(collect(R2)),
    err(fun() -> open_port("no_such_dir/file", [in]) end),
    err(fun() -> open_port("no_such_file", [in]) end),
    %% tty_sl wants a terminal: stdin is /dev/null here
    err(fun() -> open_port({spawn, "tty_sl -c -e"}, [eof]) end),
    err(fun() -> open_port({spawn_driver, "tty_sl -c -e"}, [eof]) end),
    err(fun() -> open_port({spawn_driver, "no_such_driver"}, []) end),
    err(fun() -> open_port({spawn_driver, "fd"}, []) end),
    %% the ports closed above came back over their links
    show(flush()),
    ok.

flush() ->
    receive {'EXIT', P, R} when is_port(P) -> [{'EXIT', port, R} | flush()]; M -> [M | flush()]
    after 100 -> []
    end.

collect(P) ->
    receive
        {P, {data, D}} -> [D | collect(P)];
        {P, eof} -> [eof];
        {'EXIT', P, Why} -> [{exit, Why}]
    after 5000 -> [timeout]
    end.
