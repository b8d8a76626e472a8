# tests of esp
