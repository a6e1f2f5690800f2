"""Tournament results for people and other programs: CSV, an HTML report
(self-contained), xAPI statements. Every player/team name is escaped for
where it goes."""
