%% process_flag/2 and spawn_opt/4 settings with their defaults and checks,
%% max_heap_size killing a process, erlang:hibernate/3.
-module(process_flags).
-export([main/0, woke/1]).

main() ->
    Flags = [{save_calls, 5}, {save_calls, 0}, {sensitive, true}, {sensitive, false},
             {message_queue_data, off_heap}, {message_queue_data, on_heap},
             {min_bin_vheap_size, 100000}, {priority, high}, {priority, normal},
             {error_handler, my_handler}, {error_handler, error_handler},
             {max_heap_size, #{size => 123456, kill => false}}, {max_heap_size, 0},
             {bogus_flag, 1}, {save_calls, -1}, {priority, urgent}, {sensitive, 1},
             {max_heap_size, #{bogus => 1}}, {message_queue_data, somewhere}],
    [show({F, V, catch process_flag(F, V)}) || {F, V} <- Flags],
    show(process_info(self(), max_heap_size)),
    show(process_info(self(), message_queue_data)),
    %% spawn_opt options: bad ones are badarg
    [show(catch spawn_opt(fun() -> ok end, [O])) || O <- [bogus, {bogus, 1}, {priority, x},
                                                         {max_heap_size, -1}, {min_heap_size, a}]],
    {P1, R1} = spawn_opt(fun() -> receive stop -> ok end end,
                         [monitor, {max_heap_size, #{size => 50000, error_logger => false}},
                          {message_queue_data, off_heap}, {priority, low}]),
    show(process_info(P1, [max_heap_size, message_queue_data, priority])),
    P1 ! stop,
    show(receive {'DOWN', R1, process, P1, W1} -> W1 end),
    %% past max_heap_size the process is killed
    {_, R2} = spawn_opt(fun() -> length(lists:seq(1, 1000000)) end,
                        [monitor, {max_heap_size, #{size => 20000, error_logger => false}}]),
    show(receive {'DOWN', R2, process, _, W2} -> W2 end),
    {_, R3} = spawn_opt(fun() -> length(lists:seq(1, 1000)) end,
                        [monitor, {max_heap_size, 100000}]),
    show(receive {'DOWN', R3, process, _, W3} -> W3 end),
    %% hibernate: waits without a stack, keeps the dictionary, wakes on a
    %% message and runs the given function, which ends the process
    Self = self(),
    P4 = spawn(fun() -> put(k, v), receive go -> erlang:hibernate(?MODULE, woke, [Self]) end end),
    Ref4 = monitor(process, P4),
    P4 ! go,
    timer:sleep(20),
    show(process_info(P4, [status, current_function])),
    P4 ! poke,
    show(receive {woke, P4, D, M} -> {D, M} end),
    show(receive {'DOWN', Ref4, process, P4, W4} -> W4 end),
    show(catch erlang:hibernate(1, 2, 3)),
    ok.

woke(Parent) ->
    M = receive X -> X end,
    Parent ! {woke, self(), get(k), M}.

show(X) -> io:format("~p~n", [X]).
