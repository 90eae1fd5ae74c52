# Une commande par ligne. Crée les dossiers photos et documents,
# puis déplace les fichiers avec le joker * (par exemple : mv *.jpg photos/).
