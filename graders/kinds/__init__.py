"""Every exercise kind, one folder each, listed by hand: importing this module registers them."""

from graders.kinds.css import grader as css  # noqa: F401
from graders.kinds.dom import grader as dom  # noqa: F401
from graders.kinds.exercism import grader as exercism  # noqa: F401
from graders.kinds.git import grader as git  # noqa: F401
from graders.kinds.html import grader as html  # noqa: F401
from graders.kinds.javascript import grader as javascript  # noqa: F401
from graders.kinds.quiz import grader as quiz  # noqa: F401
from graders.kinds.shell import grader as shell  # noqa: F401
