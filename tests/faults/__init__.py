"""The fault suite: what real folders, users and machines do to a batch (issue 15). Each row of the issue's
table, and the test that holds it:

 1  damaged DOCX/PDF/HTML/TXT, BOM + CP1251 line    test_inputs: test_issue_15_refused_in_one_line, ..._read_with_a_warning,
                                                    ..._any_reader_exception_is_the_formats_code; test_fuzz (300 per format)
 2  a file name in CP1251 bytes                     test_inputs: ..._names_become_printable_ids, ..._undecodable_file_names_through_run
 3  --out with the user's own data/, report/        test_output: test_a_folder_of_the_users_is_refused..., test_force_moves...
 4  520 one-line files: report memory, figure size  tests/test_report_bounds.py
 5  two symlinks pointing at each other             test_inputs: ..._symlink_pair_loop
 6  a hostile .cache.sqlite (pickle payload)        tests/test_cache.py: test_a_hostile_pickle_is_never_loaded, ..._hostile_cache_runs_no_code...
 7  a damaged cache, one of other code              tests/test_cache.py: ..._set_aside..., ..._of_other_code_is_cleared_not_read
 8  two runs into one OUT                           test_output: test_a_second_run_into_the_same_folder..., test_two_cli_runs_at_once...
 9  SIGKILL between the renames of the commit       test_output: test_a_kill_at_every_rename_and_write..., test_sigkill_at_random_instants...
10  Ctrl-C during the report                        test_output: test_ctrl_c_during_the_report_keeps_the_previous_run_whole
11  a worker killed (OOM killer)                    test_output: test_a_killed_worker_costs_no_document, test_the_document_that_kills_its_worker...
12  SIGTERM to the main process                     test_output: test_sigterm_stops_the_workers_and_keeps_the_previous_run
13  --engine dask --timeout on a slow document      test_output: test_the_timeout_holds_on_dask
14  a.txt, a.md, a.txt.txt (and A.txt)              test_inputs: ..._ids_unique_across_extensions_and_case
15  a 255-byte file name                            test_inputs: ..._long_names_fit_the_file_system
16  a sub-folder the user cannot read               test_inputs: ..._unreadable_subfolder_is_a_row, ..._as_another_user
17  `$` in a file name (matplotlib mathtext)        tests/test_report_bounds.py: test_figures_draw_dollar_signs_as_text
18  <img onerror> in an HTML title → report.md      tests/test_report_bounds.py: test_each_hostile_value_through_report_md, ...
19  8,000 short paragraphs (quadratic stages)       tests/test_linear.py: test_every_stage_is_linear
20  disk full                                       test_output: test_a_full_disk_is_one_line... (a real 3 MB tmpfs), ..._mid_run_in_process
21  OUT read-only, or under a file                  test_output: test_a_read_only_folder_is_one_line, test_an_output_folder_under_a_file...
22  four invalid bytes; control characters          test_inputs: ..._read_with_a_warning, ..._warnings_count_what_they_say

Item 10 (every command answers bad input in one line): test_output.test_every_command_answers_bad_input_in_one_line.
test_faults runs all the bad inputs of generate.make_faults in one corpus beside good documents: exit 1, one row
each, the good documents' output byte-identical to a run without them.
"""
