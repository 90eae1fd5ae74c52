# Crée pages.txt avec la liste des pages .html.
