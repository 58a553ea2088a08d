"""Screens: compose widgets, bind keys, call queries and ops from thread workers."""
