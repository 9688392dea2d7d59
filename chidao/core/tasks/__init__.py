"""Steering tasks, pure rules: statuses (status), recurring report periods (recurring), figures (statistics, league).

Nothing here reads the database or the clock: facts, the date and the policy are passed in.
"""
