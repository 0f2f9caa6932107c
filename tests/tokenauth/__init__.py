"""
The tests of the tokenauth app itself, run in every step that has it (steps 2
and 3, with each step's settings): see test-step2 and test-step3 in the Makefile.
"""
