"""minigrad lab lessons: the numbered notebooks (``NN_topic.ipynb``) and their
answer checks.

``lessons.checks`` holds the check machinery and the checks of lessons 00-07;
``lessons.checks_advanced`` those of lessons 08-14. See README.md in this
folder for the course map.
"""
